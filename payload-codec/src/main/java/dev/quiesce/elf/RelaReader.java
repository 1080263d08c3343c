package dev.quiesce.elf;

import java.util.ArrayList;
import java.util.List;

/**
 * The reader and checker of one {@code SHT_RELA} section: entry size, the linked symbol table, the target
 * section ({@code sh_info}; in a relocatable object one with contents, not {@code SHT_NULL} or {@code SHT_NOBITS}),
 * and for every entry its symbol index and the place it patches.
 */
final class RelaReader {

    private RelaReader() {
    }

    static ElfRelaSection read(ElfInput in, ElfHeader header, List<ElfSection> sections, ElfSection rela) {
        String context = rela.describe();
        if (rela.entsize() != Elf.RELA_SIZE) {
            throw in.error(context, "sh_entsize %d, expected %d for SHT_RELA".formatted(rela.entsize(), Elf.RELA_SIZE));
        }
        if (rela.size() % Elf.RELA_SIZE != 0) {
            throw in.error(context, "sh_size 0x%x is not a multiple of the entry size %d".formatted(rela.size(), Elf.RELA_SIZE));
        }
        int symbolCount = symbolCount(in, sections, rela);
        boolean needsTarget = header.type() == Elf.ET_REL || (rela.flags() & Elf.SHF_INFO_LINK) != 0;
        long info = Integer.toUnsignedLong(rela.info());
        if (info >= sections.size() || (needsTarget && info == 0)) {
            throw in.error(context, "sh_info (target section) %d is not a section that can be relocated (the file has %d)"
                    .formatted(info, sections.size()));
        }
        ElfSection target = info == 0 ? null : sections.get((int) info);
        if (target != null && header.type() == Elf.ET_REL && (target.type() == Elf.SHT_NULL || target.isNobits())) {
            // gABI "Sections": an SHT_NULL header is inactive, with no section; SHT_NOBITS occupies no file space.
            // Either way there are no bytes for a relocation to patch, whatever sh_size says.
            throw in.error(context, "sh_info (target section) %d is %s of type %d, which has no contents to relocate"
                    .formatted(info, target.describe(), target.type()));
        }
        int count = (int) (rela.size() / Elf.RELA_SIZE);
        List<ElfRelocation> relocations = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long at = rela.offset() + (long) i * Elf.RELA_SIZE;
            long offset = in.u64(at);
            long rinfo = in.u64(at + 8);
            long symbol = rinfo >>> 32;
            int type = (int) rinfo;
            String entry = "relocation [%d] of %s (at 0x%x)".formatted(i, context, at);
            if (symbol >= symbolCount) {
                throw in.error(entry, symbolCount == 0 && rela.link() == 0
                        ? "symbol index %d but sh_link is 0 (no symbol table)".formatted(symbol)
                        : "symbol index %d exceeds the %d symbols of %s".formatted(
                                symbol, symbolCount, sections.get(rela.link()).describe()));
            }
            if (target != null) {
                checkPlace(in, header, entry, target, offset, type);
            }
            relocations.add(new ElfRelocation(offset, type, (int) symbol, in.u64(at + 16)));
        }
        return new ElfRelaSection(rela, (int) info, relocations);
    }

    private static int symbolCount(ElfInput in, List<ElfSection> sections, ElfSection rela) {
        if (rela.link() == 0) {
            return 0;
        }
        ElfSection symtab = sections.get(rela.link());
        if (symtab.type() != Elf.SHT_SYMTAB && symtab.type() != Elf.SHT_DYNSYM) {
            throw in.error(rela.describe(), "sh_link %d names %s of type %d, not the symbol table".formatted(
                    rela.link(), symtab.describe(), symtab.type()));
        }
        return SymbolReader.count(in, symtab);
    }

    /** In a relocatable object the place is an offset into the target; elsewhere an address inside it. */
    private static void checkPlace(ElfInput in, ElfHeader header, String entry, ElfSection target, long offset, int type) {
        long width = header.machine() == Elf.EM_X86_64 || header.machine() == Elf.EM_AARCH64
                ? width(header.machine(), type) : 1;
        long start = header.type() == Elf.ET_REL ? offset : offset - target.address();
        boolean inside = Long.compareUnsigned(start, target.size()) <= 0
                && Long.compareUnsigned(width, target.size() - start) <= 0;
        if (!inside) {
            String where = header.type() == Elf.ET_REL ? "size 0x%x".formatted(target.size())
                    : "address 0x%x, size 0x%x".formatted(target.address(), target.size());
            throw in.error(entry, "r_offset 0x%s + %d bytes of %s lies outside the target %s (%s)".formatted(
                    Long.toHexString(offset), width, Elf.relocationName(header.machine(), type), target.describe(), where));
        }
    }

    /** The number of bytes a relocation type of {@code machine} (x86-64 or AArch64) patches. */
    static int width(int machine, int type) {
        return machine == Elf.EM_AARCH64 ? aarch64Width(type) : width(type);
    }

    /**
     * The number of bytes an AArch64 relocation type patches (AAELF64 §5.7): none for {@code NONE}, the data
     * width for {@code ABS16/32/64} and {@code PREL16/32/64}, 8 for the dynamic types, 16 for {@code TLSDESC},
     * and the 4-byte instruction for every instruction relocation.
     */
    static int aarch64Width(int type) {
        return switch (type) {
            case Elf.R_AARCH64_NONE, 256 -> 0;
            case Elf.R_AARCH64_ABS16, Elf.R_AARCH64_PREL16 -> 2;
            case Elf.R_AARCH64_ABS64, Elf.R_AARCH64_PREL64, Elf.R_AARCH64_COPY, Elf.R_AARCH64_GLOB_DAT,
                 Elf.R_AARCH64_JUMP_SLOT, Elf.R_AARCH64_RELATIVE, Elf.R_AARCH64_TLS_DTPMOD64,
                 Elf.R_AARCH64_TLS_DTPREL64, Elf.R_AARCH64_TLS_TPREL64, Elf.R_AARCH64_IRELATIVE -> 8;
            case Elf.R_AARCH64_TLSDESC -> 16;
            default -> 4;
        };
    }

    /** The number of bytes an x86-64 relocation type patches. */
    static int width(int type) {
        return switch (type) {
            case Elf.R_X86_64_NONE, 5 /* COPY */, 35 /* TLSDESC_CALL */ -> 0;
            case Elf.R_X86_64_8, Elf.R_X86_64_PC8 -> 1;
            case Elf.R_X86_64_16, Elf.R_X86_64_PC16 -> 2;
            case Elf.R_X86_64_64, 6, 7, 8, 16, 17, 18, Elf.R_X86_64_PC64, 25, 27, 28, 29, 30, 31, 33, 37, 38 -> 8;
            case 36 /* TLSDESC */ -> 16;
            default -> 4;
        };
    }
}
