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
     * The number of bytes the relocation writes.
     *
     * @throws IllegalArgumentException for a type this builder does not know (TLS, GOT-size types)
     */
    public static int width(int type) {
        return switch (type) {
            case Elf.R_X86_64_NONE -> 0;
            case Elf.R_X86_64_64, Elf.R_X86_64_PC64 -> 8;
            case Elf.R_X86_64_PC32, Elf.R_X86_64_PLT32, Elf.R_X86_64_32, Elf.R_X86_64_32S, Elf.R_X86_64_GOTPCREL,
                 Elf.R_X86_64_GOTPCRELX, Elf.R_X86_64_REX_GOTPCRELX, Elf.R_X86_64_GOT32 -> 4;
            case Elf.R_X86_64_16, Elf.R_X86_64_PC16 -> 2;
            case Elf.R_X86_64_8, Elf.R_X86_64_PC8 -> 1;
            default -> throw new IllegalArgumentException("relocation type " + Elf.relocationName(type)
                    + " is not supported by the payload builder; compile without TLS and GOT references (-fno-pic)");
        };
    }

    /** Whether the relocated value is {@code S + A - P}, relative to the place. */
    public static boolean isPcRelative(int type) {
        return type == Elf.R_X86_64_PC32 || type == Elf.R_X86_64_PLT32 || type == Elf.R_X86_64_PC64
                || type == Elf.R_X86_64_PC16 || type == Elf.R_X86_64_PC8 || type == Elf.R_X86_64_GOTPCREL
                || type == Elf.R_X86_64_GOTPCRELX || type == Elf.R_X86_64_REX_GOTPCRELX;
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
