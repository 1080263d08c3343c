package dev.quiesce.emulator.link;

import dev.quiesce.isa.Arch;

/**
 * The relocation arithmetic of one architecture: what each supported relocation type writes at its place, and which
 * values do not fit (a {@link LinkException}, never a truncated field).
 */
sealed interface MachineRelocations permits X86Relocations, A64Relocations {

    /** Applies one relocation at its place. */
    void apply(RelocationSite site);

    /** The arithmetic of {@code arch}'s relocations. */
    static MachineRelocations of(Arch arch) {
        return switch (arch) {
            case X86_64 -> X86Relocations.INSTANCE;
            case AARCH64 -> A64Relocations.INSTANCE;
        };
    }
}
