package dev.quiesce.payload.build.diff;

import dev.quiesce.elf.Elf;
import dev.quiesce.elf.ElfRelocation;

/**
 * The x86-64 relocation types a compiled function can carry, as the fields they patch: how many
 * bytes, and whether the value is relative to the place (x86-64 psABI, table "Relocation Types").
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
}
