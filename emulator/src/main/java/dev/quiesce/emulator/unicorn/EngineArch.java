package dev.quiesce.emulator.unicorn;

import dev.quiesce.isa.Arch;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The architecture-specific part of a {@link UnicornEngine}: Unicorn's arch and mode numbers, the program counter's
 * register id, the general context an interrupt saves, and the single-stepping block counting finishes a block with
 * ({@link SingleStep}).
 */
interface EngineArch {

    /** The architecture. */
    Arch arch();

    /** {@code uc_arch} of {@code uc_open}. */
    int ucArch();

    /** {@code uc_mode} of {@code uc_open}. */
    int ucMode();

    /** The register id of the program counter (RIP, PC). */
    int pcRegister();

    /** The registers of an interrupted context ({@link RegisterState#saveRegisters}), in register-file order. */
    int[] generalContext();

    /** Whether some register of {@link #generalContext()} is narrower than 64 bits (Unicorn writes fewer bytes). */
    boolean hasNarrowContextRegisters();

    /** One engine's single-stepping for block counting. */
    SingleStep singleStep(UnicornLibrary lib, MemorySegment uc, Arena arena, CounterBlock counter);

    /** Puts a freshly opened engine in the state the binding assumes (nothing on x86). */
    void configure(UnicornEngine engine);


    /** The engine architecture of {@code arch}. */
    static EngineArch of(Arch arch) {
        return switch (arch) {
            case X86_64 -> X86EngineArch.INSTANCE;
            case AARCH64 -> Arm64EngineArch.INSTANCE;
        };
    }
}
