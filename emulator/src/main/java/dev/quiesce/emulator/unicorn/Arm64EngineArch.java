package dev.quiesce.emulator.unicorn;

import dev.quiesce.isa.Arch;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * AArch64 under Unicorn: {@code UC_ARCH_ARM64} (2) in {@code UC_MODE_ARM} (0, little-endian), PC, and block
 * counting's tail stepped by a temporary code hook ({@link CodeHookStep}; there is no trap flag:
 * toolchain-and-unicorn.md, "AArch64 under Unicorn", hazard A6).
 *
 * <p>Unicorn's Cortex-A72 model implements EL2 and EL3 but starts the CPU at EL1h with SCR_EL3.RW clear, which
 * declares EL2 and below AArch32: an {@code ERET} to AArch64 EL1 is then an illegal exception return (Arm ARM,
 * "Illegal exception returns from AArch64 state") and sets PSTATE.IL (hazard A5). {@link #configure} sets
 * SCR_EL3.RW, as firmware does before it drops to a 64-bit EL2 or EL1.
 */
final class Arm64EngineArch implements EngineArch {

    static final Arm64EngineArch INSTANCE = new Arm64EngineArch();
    private static final int UC_ARCH_ARM64 = 2;
    private static final int UC_MODE_ARM = 0;
    static final long SCR_RW = 1L << 10;

    private Arm64EngineArch() {
    }

    @Override
    public Arch arch() {
        return Arch.AARCH64;
    }

    @Override
    public int ucArch() {
        return UC_ARCH_ARM64;
    }

    @Override
    public int ucMode() {
        return UC_MODE_ARM;
    }

    @Override
    public int pcRegister() {
        return Arm64Reg.PC;
    }

    @Override
    public int[] generalContext() {
        return Arm64Reg.GENERAL_CONTEXT;
    }

    @Override
    public boolean hasNarrowContextRegisters() {
        return true; // PSTATE: 32 bits
    }

    @Override
    public SingleStep singleStep(UnicornLibrary lib, MemorySegment uc, Arena arena, CounterBlock counter) {
        return new CodeHookStep(lib, uc, arena, counter);
    }

    @Override
    public void configure(UnicornEngine engine) {
        Arm64Reg.SysReg scr = Arm64Reg.SysReg.SCR_EL3;
        engine.writeSystemRegister(scr, engine.readSystemRegister(scr) | SCR_RW);
    }
}
