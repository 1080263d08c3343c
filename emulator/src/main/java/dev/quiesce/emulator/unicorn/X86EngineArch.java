package dev.quiesce.emulator.unicorn;

import dev.quiesce.isa.Arch;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/** x86-64 under Unicorn: {@code UC_ARCH_X86} in {@code UC_MODE_64}, RIP, and trap-flag single-stepping. */
final class X86EngineArch implements EngineArch {

    static final X86EngineArch INSTANCE = new X86EngineArch();
    private static final int UC_ARCH_X86 = 4;
    private static final int UC_MODE_64 = 8;

    private X86EngineArch() {
    }

    @Override
    public Arch arch() {
        return Arch.X86_64;
    }

    @Override
    public int ucArch() {
        return UC_ARCH_X86;
    }

    @Override
    public int ucMode() {
        return UC_MODE_64;
    }

    @Override
    public int pcRegister() {
        return X86Reg.RIP;
    }

    @Override
    public int[] generalContext() {
        return X86Reg.GENERAL_CONTEXT;
    }

    @Override
    public boolean hasNarrowContextRegisters() {
        return false;
    }

    @Override
    public SingleStep singleStep(UnicornLibrary lib, MemorySegment uc, Arena arena, CounterBlock counter) {
        return TrapFlagStep.INSTANCE;
    }

    @Override
    public void configure(UnicornEngine engine) {
        // an x86 engine is used as Unicorn opens it
    }
}
