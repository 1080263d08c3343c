package dev.quiesce.payload.build.diff;

import dev.quiesce.elf.Elf;
import dev.quiesce.elf.ElfRelocation;
import dev.quiesce.isa.Arch;

/**
 * The x86-64 relocation types a compiled function can carry, as the fields they patch: how many
 * bytes, and whether the value is relative to the place (x86-64 psABI, table "Relocation Types"); the
 * {@link Arch}-taking methods answer for either architecture, AArch64's from {@link A64RelocationFields}.
 */
public final class RelocationFields {

    private RelocationFields() {
    }

    /**
     * The number of bytes the relocation writes (x86-64 psABI, "Relocation Types"; the thread-local and GOT
     * types too, so that an object using them can be compared and the builder can say why it refuses them).
     *
     * @throws IllegalArgumentException for a type the psABI does not define for relocatable objects
     */
    public static int width(int type) {
        return switch (type) {
            case Elf.R_X86_64_NONE, Elf.R_X86_64_TLSDESC_CALL -> 0;
            case Elf.R_X86_64_64, Elf.R_X86_64_PC64, Elf.R_X86_64_DTPMOD64, Elf.R_X86_64_DTPOFF64, Elf.R_X86_64_TPOFF64,
                 Elf.R_X86_64_GOTOFF64, Elf.R_X86_64_GOT64, Elf.R_X86_64_GOTPCREL64, Elf.R_X86_64_GOTPC64,
                 Elf.R_X86_64_GOTPLT64, Elf.R_X86_64_PLTOFF64, Elf.R_X86_64_SIZE64 -> 8;
            case Elf.R_X86_64_PC32, Elf.R_X86_64_PLT32, Elf.R_X86_64_32, Elf.R_X86_64_32S, Elf.R_X86_64_GOTPCREL,
                 Elf.R_X86_64_GOTPCRELX, Elf.R_X86_64_REX_GOTPCRELX, Elf.R_X86_64_GOT32, Elf.R_X86_64_TLSGD,
                 Elf.R_X86_64_TLSLD, Elf.R_X86_64_DTPOFF32, Elf.R_X86_64_GOTTPOFF, Elf.R_X86_64_TPOFF32,
                 Elf.R_X86_64_GOTPC32, Elf.R_X86_64_SIZE32, Elf.R_X86_64_GOTPC32_TLSDESC, Elf.R_X86_64_CODE_4_GOTPCRELX,
                 Elf.R_X86_64_CODE_4_GOTTPOFF, Elf.R_X86_64_CODE_4_GOTPC32_TLSDESC -> 4;
            case Elf.R_X86_64_16, Elf.R_X86_64_PC16 -> 2;
            case Elf.R_X86_64_8, Elf.R_X86_64_PC8 -> 1;
            default -> throw new IllegalArgumentException("relocation type " + Elf.relocationName(type)
                    + " is not one a compiler emits into an x86-64 object file; check that the inputs are gcc's .o files");
        };
    }

    /** Whether the relocated value is {@code S + A - P}, relative to the place. */
    public static boolean isPcRelative(int type) {
        return type == Elf.R_X86_64_PC32 || type == Elf.R_X86_64_PLT32 || type == Elf.R_X86_64_PC64
                || type == Elf.R_X86_64_PC16 || type == Elf.R_X86_64_PC8 || type == Elf.R_X86_64_GOTPCREL
                || type == Elf.R_X86_64_GOTPCRELX || type == Elf.R_X86_64_REX_GOTPCRELX
                || type == Elf.R_X86_64_CODE_4_GOTPCRELX;
    }

    /**
     * The offset, from the symbol, of the byte the relocation designates. A PC-relative field is
     * normally the last thing in its instruction, and the CPU adds the displacement to the next
     * instruction's address, so gcc emits {@code sym - 4} to designate {@code sym}; that width is
     * added back. (create-diff-object decodes the instruction; a field followed by an immediate is
     * the rare case this heuristic misses, and then the reference is only compared more strictly.)
     */
    public static long designatedOffset(ElfRelocation r) {
        return isPcRelative(r.type()) ? r.addend() + width(r.type()) : r.addend();
    }

    /** The number of bytes a relocation of {@code type} in an object of {@code arch} may change. */
    public static int width(Arch arch, int type) {
        return arch == Arch.AARCH64 ? A64RelocationFields.width(type) : width(type);
    }

    /**
     * The bits (little-endian, over {@link #width(Arch, int)} bytes) the relocation writes: every bit of an x86-64
     * field, the immediate field of an A64 instruction.
     */
    public static long mask(Arch arch, int type) {
        if (arch == Arch.AARCH64) {
            return A64RelocationFields.mask(type);
        }
        int width = width(type);
        return width == 8 ? -1L : (1L << (8 * width)) - 1;
    }

    /**
     * The offset, from the symbol, of the byte relocation {@code r} of an {@code arch} object designates: the
     * addend itself on AArch64 (P is the instruction's own address), {@link #designatedOffset(ElfRelocation)} on
     * x86-64.
     */
    public static long designatedOffset(Arch arch, ElfRelocation r) {
        return arch == Arch.AARCH64 ? r.addend() : designatedOffset(r);
    }

    /**
     * Whether an immediate may follow the relocated field in its instruction, so the designated byte may lie up to 4
     * bytes further: x86-64's PC-relative fields only (an A64 instruction is one word and carries its target whole).
     */
    public static boolean mayPrecedeImmediate(Arch arch, int type) {
        return arch != Arch.AARCH64 && isPcRelative(type);
    }
}
