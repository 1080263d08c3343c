package dev.quiesce.isa;

import java.util.Locale;

/**
 * An instruction-set architecture a simulated host can run: its name as users write it, the ELF machine number its
 * objects and payloads carry ({@code e_machine}, System V gABI; the AArch64 ELF ABI, "ELF for the Arm 64-bit
 * Architecture", gives 183) and the size of the live-patch jump ({@code ARCH_PATCH_INSN_SIZE} in Xen's
 * xen/arch/x86/include/asm/livepatch.h and xen/arch/arm/include/asm/livepatch.h).
 */
public enum Arch {

    /** x86-64: {@code JMP rel32} splices, {@code EM_X86_64}. */
    X86_64("x86-64", 62, 5),
    /** AArch64 (Armv8-A, A64 instruction set): {@code B imm26} splices, {@code EM_AARCH64}. */
    AARCH64("aarch64", 183, 4);

    private final String label;
    private final int elfMachine;
    private final int patchJumpSize;

    Arch(String label, int elfMachine, int patchJumpSize) {
        this.label = label;
        this.elfMachine = elfMachine;
        this.patchJumpSize = patchJumpSize;
    }

    /** The name users write ({@code x86-64}, {@code aarch64}). */
    public String label() {
        return label;
    }

    /** The ELF {@code e_machine} of this architecture's objects. */
    public int elfMachine() {
        return elfMachine;
    }

    /** The size in bytes of the jump a live patch writes over a function's start. */
    public int patchJumpSize() {
        return patchJumpSize;
    }

    /**
     * The architecture named {@code text}: {@code x86-64} (or {@code x86_64}, {@code amd64}) and {@code aarch64}
     * (or {@code arm64}), any case.
     *
     * @throws IllegalArgumentException naming the architectures there are
     */
    public static Arch parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "x86-64", "x86_64", "amd64", "x64" -> X86_64;
            case "aarch64", "arm64" -> AARCH64;
            default -> throw new IllegalArgumentException(
                    "unknown architecture '%s': use x86-64 or aarch64".formatted(text));
        };
    }

    /** The architecture of ELF machine number {@code machine}, or {@code null} when it is none of these. */
    public static Arch ofElfMachine(int machine) {
        for (Arch a : values()) {
            if (a.elfMachine == machine) {
                return a;
            }
        }
        return null;
    }

    /** A name for any ELF machine number: this architecture's label, or {@code e_machine N}. */
    public static String describeElfMachine(int machine) {
        Arch a = ofElfMachine(machine);
        return a != null ? a.label + " (e_machine " + machine + ")" : "e_machine " + machine;
    }

    @Override
    public String toString() {
        return label;
    }
}
