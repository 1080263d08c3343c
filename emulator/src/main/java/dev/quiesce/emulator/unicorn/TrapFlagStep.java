package dev.quiesce.emulator.unicorn;

import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

/**
 * Single-stepping on x86-64 with the trap flag (RFLAGS.TF, Intel SDM vol. 3B §17.3.1.4): QEMU then translates one
 * instruction per block and raises #DB (vector 1) after it (toolchain-and-unicorn.md, hazard 7). A block that may
 * hold {@code CPUID} (bytes {@code 0F A2} anywhere in it) is single-stepped, since a run stops right after a
 * {@code CPUID}.
 */
final class TrapFlagStep implements SingleStep {

    static final TrapFlagStep INSTANCE = new TrapFlagStep();
    private static final long TF = 1L << 8;

    private TrapFlagStep() {
    }

    @Override
    public int pcRegister() {
        return X86Reg.RIP;
    }

    @Override
    public MemorySegment blockHook() {
        return BlockHook.function();
    }

    @Override
    public boolean insideRuns() {
        return true;
    }

    @Override
    public int instructionLength() {
        return 0;
    }

    @Override
    public void set(UnicornEngine engine, boolean on) {
        long flags = engine.readReg(X86Reg.RFLAGS);
        engine.writeReg(X86Reg.RFLAGS, on ? flags | TF : flags & ~TF);
    }

    @Override
    public long begin(UnicornEngine engine) {
        long flags = engine.readReg(X86Reg.RFLAGS);
        engine.writeReg(X86Reg.RFLAGS, flags | TF);
        return flags;
    }

    @Override
    public void restore(UnicornEngine engine, long saved) {
        engine.writeReg(X86Reg.RFLAGS, saved);
    }

    @Override
    public boolean mustStep(MemorySegment code, int n) {
        for (int i = 0; i + 1 < n; i++) {
            if (code.get(JAVA_BYTE, i) == 0x0F && code.get(JAVA_BYTE, i + 1) == (byte) 0xA2) {
                return true;
            }
        }
        return false;
    }
}
