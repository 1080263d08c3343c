package dev.quiesce.payload.build.diff;

import dev.quiesce.elf.Elf;
import dev.quiesce.elf.ElfFile;
import dev.quiesce.elf.ElfRelaSection;
import dev.quiesce.elf.ElfRelocation;
import dev.quiesce.elf.ElfSection;
import dev.quiesce.elf.ElfSymbol;
import dev.quiesce.isa.Arch;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One relocatable object indexed for comparison: its named symbols per section, its relocations per
 * target section (sorted by offset), its function units, and the source file name Xen uses for its
 * local symbols.
 */
public final class ObjectModel {

    private final ElfFile file;
    private final Arch arch;
    private final String sourceName;
    private final TreeMap<Integer, List<ElfRelocation>> relocations = new TreeMap<>();
    private final TreeMap<Integer, List<ElfSymbol>> namedSymbols = new TreeMap<>();
    private final List<FunctionUnit> units;

    private ObjectModel(ElfFile file) {
        this.file = file;
        this.arch = Arch.ofElfMachine(file.machine());
        if (file.type() != Elf.ET_REL || arch == null) {
            throw new IllegalArgumentException("%s is not an x86-64 or AArch64 relocatable object (e_type %d, e_machine %d);"
                    .formatted(file.fileName(), file.type(), file.machine())
                    + " give the builder the .o files of both builds, not linked images");
        }
        for (ElfRelaSection rs : file.relocationSections()) {
            List<ElfRelocation> list = relocations.computeIfAbsent(rs.targetSectionIndex(), k -> new ArrayList<>());
            list.addAll(rs.relocations());
            list.sort(Comparator.comparingLong(ElfRelocation::offset));
        }
        String source = null;
        for (ElfSymbol s : file.symbols()) {
            if (s.isFile() && source == null && !s.name().isEmpty()) {
                source = s.name();
            }
            if (isNamedDefinition(s)) {
                namedSymbols.computeIfAbsent(s.sectionIndex(), k -> new ArrayList<>()).add(s);
            }
        }
        namedSymbols.values().forEach(l -> l.sort(Comparator.comparingLong(ElfSymbol::value).thenComparingInt(ElfSymbol::index)));
        this.sourceName = source != null ? source : file.fileName().replaceFirst("\\.o$", ".c");
        this.units = FunctionUnit.group(this);
    }

    /** Indexes {@code file}, an x86-64 or AArch64 {@code ET_REL} object. */
    public static ObjectModel of(ElfFile file) {
        return new ObjectModel(file);
    }

    /** Whether the symbol names something defined in a section of this object (not a section or file symbol). */
    static boolean isNamedDefinition(ElfSymbol s) {
        return !s.name().isEmpty() && !s.isSection() && !s.isFile() && !s.isUndefined()
                && s.sectionIndex() < Elf.SHN_LORESERVE;
    }

    /** The architecture of the object's {@code e_machine}. */
    public Arch arch() {
        return arch;
    }

    public ElfFile file() {
        return file;
    }

    /** The object's file name, e.g. {@code version.o}. */
    public String fileName() {
        return file.fileName();
    }

    /** The source file name of its {@code STT_FILE} symbol, e.g. {@code version.c}. */
    public String sourceName() {
        return sourceName;
    }

    public ElfSection section(int index) {
        return file.section(index);
    }

    public ElfSymbol symbol(int index) {
        return file.symbols().get(index);
    }

    /** The relocations that patch section {@code index}, sorted by offset. */
    public List<ElfRelocation> relocations(int sectionIndex) {
        return relocations.getOrDefault(sectionIndex, List.of());
    }

    /** The named symbols defined in section {@code index}, by value. */
    public List<ElfSymbol> symbolsIn(int sectionIndex) {
        return namedSymbols.getOrDefault(sectionIndex, List.of());
    }

    /** Every named symbol defined in a section, in symbol-table order. */
    public List<ElfSymbol> namedDefinitions() {
        return file.symbols().stream().filter(ObjectModel::isNamedDefinition).toList();
    }

    /** The functions of the object, each with its cold parts. */
    public List<FunctionUnit> units() {
        return units;
    }

    /** The unit whose parent or cold part is {@code symbol}. */
    public Optional<FunctionUnit> unitOf(ElfSymbol symbol) {
        return units.stream().filter(u -> u.contains(symbol)).findFirst();
    }

    /** The named function or object that covers byte {@code offset} of a section, if any. */
    public Optional<ElfSymbol> covering(int sectionIndex, long offset) {
        ElfSymbol best = null;
        for (ElfSymbol s : symbolsIn(sectionIndex)) {
            if (!s.isFunction() && !s.isObject()) {
                continue;
            }
            long end = s.size() == 0 ? section(sectionIndex).size() : s.value() + s.size();
            if (s.value() <= offset && offset < end) {
                best = s;
                break;
            }
            if (offset == section(sectionIndex).size() && end == offset) {
                best = s; // a pointer to the end of the last object, e.g. a loop bound (create-diff-object)
            }
        }
        return Optional.ofNullable(best);
    }

    /** The bytes {@code [from, from + length)} of a section (zeros for {@code SHT_NOBITS}). */
    public byte[] bytes(int sectionIndex, long from, long length) {
        ElfSection s = section(sectionIndex);
        byte[] out = new byte[(int) length];
        if (!s.isNobits()) {
            byte[] data = s.data();
            int n = (int) Math.max(0, Math.min(length, data.length - from));
            System.arraycopy(data, (int) from, out, 0, n);
        }
        return out;
    }

    @Override
    public String toString() {
        return "ObjectModel[" + fileName() + "]";
    }
}
