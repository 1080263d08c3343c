package dev.quiesce.elf;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The renumbering parts of {@link ElfObject}: copying a parsed file into an object (dropping the tables
 * that {@code write()} regenerates) and removing a section.
 */
final class ElfObjectCopier {

    private static final int DROPPED = -1;

    private ElfObjectCopier() {
    }

    static ElfObject copy(ElfFile f, ElfObject o) {
        if (f.type() != Elf.ET_REL || f.machine() != o.machine()) {
            throw new IllegalArgumentException("%s is not a relocatable object of e_machine %d (e_type %d, e_machine %d)"
                    .formatted(f.fileName(), o.machine(), f.type(), f.machine()));
        }
        int[] map = new int[f.sections().size()];
        Arrays.fill(map, DROPPED);
        int symtab = -1;
        for (ElfSection s : f.sections()) {
            if (s.index() == 0) {
                continue;
            }
            switch (s.type()) {
                case Elf.SHT_SYMTAB -> symtab = symtab < 0 ? s.index() : symtab;
                case Elf.SHT_STRTAB, Elf.SHT_RELA, Elf.SHT_SYMTAB_SHNDX -> { }
                case Elf.SHT_REL, Elf.SHT_GROUP -> throw new IllegalArgumentException(
                        "%s: %s has type %d (%s), which ElfObject does not support; compile C without COMDAT groups and use RELA"
                                .formatted(f.fileName(), s.describe(), s.type(), s.type() == Elf.SHT_REL ? "SHT_REL" : "SHT_GROUP"));
                default -> {
                    if (s.addralign() < 0 || Long.bitCount(s.addralign()) > 1 || s.addralign() > (1L << 32)) {
                        throw new IllegalArgumentException("%s: %s has sh_addralign 0x%x, not a power of two up to 2^32"
                                .formatted(f.fileName(), s.describe(), s.addralign()));
                    }
                    map[s.index()] = o.add(new ObjectSection(s.name(), s.type(), s.flags(), s.addralign(), s.entsize(),
                            s.data(), s.size(), 0, 0));
                }
            }
        }
        List<ObjectSection> sections = o.sectionList();
        for (ElfSection s : f.sections()) {
            if (s.index() != 0 && map[s.index()] != DROPPED) {
                int link = s.link() == 0 ? 0 : s.link() == symtab ? ObjectSection.LINK_SYMTAB : Math.max(0, map[s.link()]);
                int info = s.info();
                if ((s.flags() & Elf.SHF_INFO_LINK) != 0) {
                    info = info > 0 && info < map.length ? Math.max(0, map[info]) : 0;
                }
                sections.set(map[s.index()], sections.get(map[s.index()]).withLinks(link, info));
            }
        }
        for (ElfSymbol s : f.symbols()) {
            if (s.index() == 0) {
                continue;
            }
            int section = s.sectionIndex();
            if (section != Elf.SHN_UNDEF && section < Elf.SHN_LORESERVE) {
                if (map[section] == DROPPED) {
                    throw new IllegalArgumentException("%s: symbol [%d] '%s' is defined in %s, a table that write() regenerates"
                            .formatted(f.fileName(), s.index(), s.name(), f.section(section).describe()));
                }
                section = map[section];
            }
            o.symbolList().add(new ObjectSymbol(s.name(), s.bind(), s.type(), s.visibility(), section, s.value(), s.size()));
        }
        for (ElfRelaSection rela : f.relocationSections()) {
            int target = rela.targetSectionIndex();
            if (target <= 0 || target >= map.length || map[target] == DROPPED) {
                throw new IllegalArgumentException("%s: %s patches section %d, which ElfObject does not keep"
                        .formatted(f.fileName(), rela.section().describe(), target));
            }
            for (ElfRelocation r : rela.relocations()) {
                o.relocationList().add(new ObjectRelocation(map[target], r.offset(), r.type(), r.symbolIndex(), r.addend()));
            }
        }
        return o;
    }

    static void remove(ElfObject o, int index) {
        List<ObjectSymbol> symbols = o.symbolList();
        List<ObjectRelocation> relocations = o.relocationList();
        int[] symbolMap = new int[symbols.size()];
        int next = 0;
        for (int i = 0; i < symbols.size(); i++) {
            ObjectSymbol s = symbols.get(i);
            symbolMap[i] = i != 0 && s.inSection() && s.section() == index ? DROPPED : next++;
        }
        for (ObjectRelocation r : relocations) {
            if (r.target() != index && symbolMap[r.symbol()] == DROPPED) {
                ObjectSymbol s = symbols.get(r.symbol());
                throw new IllegalStateException(("cannot remove section %d '%s': a relocation at %s+0x%x uses its symbol '%s';"
                        + " remove or retarget that relocation first").formatted(index, o.sectionName(index),
                        o.sectionName(r.target()), r.offset(), s.name()));
            }
        }
        List<ObjectSection> sections = o.sectionList();
        sections.remove(index);
        for (int i = 1; i < sections.size(); i++) {
            ObjectSection s = sections.get(i);
            int info = (s.flags() & Elf.SHF_INFO_LINK) != 0 ? shift(s.info(), index) : s.info();
            sections.set(i, s.withLinks(s.link() == ObjectSection.LINK_SYMTAB ? s.link() : shift(s.link(), index), info));
        }
        List<ObjectSymbol> kept = new ArrayList<>();
        for (int i = 0; i < symbols.size(); i++) {
            ObjectSymbol s = symbols.get(i);
            if (symbolMap[i] != DROPPED) {
                kept.add(s.inSection() ? s.inSection(shift(s.section(), index)) : s);
            }
        }
        symbols.clear();
        symbols.addAll(kept);
        List<ObjectRelocation> keptRelocations = new ArrayList<>();
        for (ObjectRelocation r : relocations) {
            if (r.target() != index) {
                keptRelocations.add(new ObjectRelocation(shift(r.target(), index), r.offset(), r.type(),
                        symbolMap[r.symbol()], r.addend()));
            }
        }
        relocations.clear();
        relocations.addAll(keptRelocations);
    }

    /** A section reference after removing section {@code removed}: 0 if it was that section, else renumbered. */
    private static int shift(int reference, int removed) {
        if (reference == removed) {
            return 0;
        }
        return reference > removed ? reference - 1 : reference;
    }
}
