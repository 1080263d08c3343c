package dev.quiesce.elf;

import java.util.ArrayList;
import java.util.List;

/**
 * The reader and checker of symbol tables: the entry size, the linked string table, every name, and every
 * {@code st_shndx} (resolving {@code SHN_XINDEX} through the table's {@code SHT_SYMTAB_SHNDX} section).
 */
final class SymbolReader {

    private SymbolReader() {
    }

    /** The number of entries of a symbol table, after checking its entry size and size. */
    static int count(ElfInput in, ElfSection table) {
        if (table.entsize() != Elf.SYM_SIZE) {
            throw in.error(table.describe(), "sh_entsize %d, expected %d for a symbol table".formatted(
                    table.entsize(), Elf.SYM_SIZE));
        }
        if (table.size() % Elf.SYM_SIZE != 0) {
            throw in.error(table.describe(), "sh_size 0x%x is not a multiple of the entry size %d".formatted(
                    table.size(), Elf.SYM_SIZE));
        }
        return (int) (table.size() / Elf.SYM_SIZE);
    }

    /** The symbols of {@code table} in index order, the null symbol included. */
    static List<ElfSymbol> read(ElfInput in, List<ElfSection> sections, ElfSection table) {
        int count = count(in, table);
        if (Integer.toUnsignedLong(table.info()) > count) {
            throw in.error(table.describe(), "sh_info (first non-local symbol) %d exceeds the %d symbols".formatted(
                    Integer.toUnsignedLong(table.info()), count));
        }
        ElfSection strtab = sections.get(table.link());
        if (strtab.type() != Elf.SHT_STRTAB) {
            throw in.error(table.describe(), "sh_link %d names %s of type %d, not a string table (SHT_STRTAB)".formatted(
                    table.link(), strtab.describe(), strtab.type()));
        }
        ElfSection shndx = extendedIndexTable(in, sections, table, count);
        List<ElfSymbol> symbols = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long at = table.offset() + (long) i * Elf.SYM_SIZE;
            String context = "symbol [%d] of %s (at 0x%x)".formatted(i, table.describe(), at);
            String name = in.string(context, "st_name", Integer.toUnsignedLong(in.u32(at)), strtab.offset(),
                    strtab.size(), strtab.describe());
            int infoByte = in.u8(at + 4);
            int other = in.u8(at + 5);
            int index = in.u16(at + 6);
            if (index == Elf.SHN_XINDEX) {
                if (shndx == null) {
                    throw in.error(context, "st_shndx is SHN_XINDEX but no SHT_SYMTAB_SHNDX section links to %s"
                            .formatted(table.describe()));
                }
                index = in.u32(shndx.offset() + 4L * i);
                if (index < 0 || index >= sections.size()) {
                    throw in.error(context, "extended section index %d (from %s) is not a section (the file has %d)"
                            .formatted(Integer.toUnsignedLong(index), shndx.describe(), sections.size()));
                }
            } else if (index < Elf.SHN_LORESERVE && index >= sections.size()) {
                throw in.error(context, "st_shndx %d is not a section (the file has %d)".formatted(index, sections.size()));
            }
            symbols.add(new ElfSymbol(i, name, in.u64(at + 8), in.u64(at + 16), infoByte >>> 4, infoByte & 0xf,
                    other & 0x3, index));
        }
        return List.copyOf(symbols);
    }

    private static ElfSection extendedIndexTable(ElfInput in, List<ElfSection> sections, ElfSection table, int count) {
        for (ElfSection s : sections) {
            if (s.type() == Elf.SHT_SYMTAB_SHNDX && s.link() == table.index()) {
                if (Long.compareUnsigned(s.size(), 4L * count) < 0) {
                    throw in.error(s.describe(), "sh_size 0x%x is smaller than 4 bytes for each of the %d symbols of %s"
                            .formatted(s.size(), count, table.describe()));
                }
                return s;
            }
        }
        return null;
    }
}
