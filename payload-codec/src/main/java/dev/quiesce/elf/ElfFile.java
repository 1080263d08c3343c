package dev.quiesce.elf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A parsed, validated ELF64 little-endian file: its sections, its {@code .symtab} symbols, its RELA
 * relocation sections and its notes.
 *
 * <p>Everything reachable from this object was bounds-checked by {@link #parse}; it is immutable.
 */
public final class ElfFile {

    private final String fileName;
    private final byte[] bytes;
    private final int type;
    private final int machine;
    private final List<ElfSection> sections;
    private final List<ElfSymbol> symbols;
    private final List<ElfRelaSection> relocationSections;
    private final List<ElfNote> notes;

    private ElfFile(String fileName, byte[] bytes, ElfHeader header, List<ElfSection> sections,
                    List<ElfSymbol> symbols, List<ElfRelaSection> relocationSections, List<ElfNote> notes) {
        this.fileName = fileName;
        this.bytes = bytes;
        this.type = header.type();
        this.machine = header.machine();
        this.sections = sections;
        this.symbols = symbols;
        this.relocationSections = relocationSections;
        this.notes = notes;
    }

    /**
     * Parses and validates an ELF64 little-endian file of any type and machine.
     *
     * @param fileName the name used in error messages and by {@link #fileName()}, e.g. {@code main.o}
     * @param bytes    the whole file (copied)
     * @throws ElfFormatException if anything is malformed, naming the file, the field and its offset
     */
    public static ElfFile parse(String fileName, byte[] bytes) {
        ElfInput in = new ElfInput(fileName, bytes.clone());
        ElfHeader header = ElfHeader.read(in);
        List<ElfSection> sections = SectionTableReader.read(in, header);
        List<ElfSymbol> symbols = List.of();
        List<ElfRelaSection> relas = new ArrayList<>();
        List<ElfNote> notes = new ArrayList<>();
        ElfSection symtab = null;
        for (ElfSection s : sections) {
            if (s.type() == Elf.SHT_SYMTAB) {
                if (symtab != null) {
                    throw in.error(s.describe(), "a second SHT_SYMTAB section (the first is %s)".formatted(symtab.describe()));
                }
                symtab = s;
            }
        }
        if (symtab != null) {
            symbols = SymbolReader.read(in, sections, symtab);
        }
        for (ElfSection s : sections) {
            if (s.type() == Elf.SHT_RELA) {
                relas.add(RelaReader.read(in, header, sections, s));
            } else if (s.type() == Elf.SHT_NOTE) {
                notes.addAll(NoteReader.read(in, s));
            }
        }
        return new ElfFile(fileName, in.bytes(), header, sections, symbols, List.copyOf(relas), List.copyOf(notes));
    }

    /** The name given to {@link #parse}. */
    public String fileName() {
        return fileName;
    }

    /** {@code e_type}, e.g. {@link Elf#ET_REL}. */
    public int type() {
        return type;
    }

    /** {@code e_machine}, e.g. {@link Elf#EM_X86_64}. */
    public int machine() {
        return machine;
    }

    /** All sections in index order, the null section 0 included; empty if the file has no section table. */
    public List<ElfSection> sections() {
        return sections;
    }

    /**
     * The section with this index.
     *
     * @throws IndexOutOfBoundsException if there is none
     */
    public ElfSection section(int index) {
        if (index < 0 || index >= sections.size()) {
            throw new IndexOutOfBoundsException("%s has no section [%d] (it has %d)".formatted(fileName, index, sections.size()));
        }
        return sections.get(index);
    }

    /** The first section with this name. */
    public Optional<ElfSection> findSection(String name) {
        return sections.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** The {@code .symtab} symbols in index order, the null symbol 0 included; empty without a symbol table. */
    public List<ElfSymbol> symbols() {
        return symbols;
    }

    /** Every {@code SHT_RELA} section, in section index order. */
    public List<ElfRelaSection> relocationSections() {
        return relocationSections;
    }

    /** The notes of every {@code SHT_NOTE} section, in section order then file order. */
    public List<ElfNote> notes() {
        return notes;
    }

    /** The GNU build-id note's descriptor, if the file has one. */
    public Optional<BuildId> buildId() {
        return notes.stream().filter(ElfNote::isGnuBuildId).filter(n -> n.descriptor().length > 0)
                .map(n -> new BuildId(n.descriptor())).findFirst();
    }

    /** A read-only, little-endian view of the original file bytes. */
    public ByteBuffer bytes() {
        return ByteBuffer.wrap(bytes).asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    @Override
    public String toString() {
        return "ElfFile[%s type=%d machine=%d sections=%d symbols=%d]".formatted(
                fileName, type, machine, sections.size(), symbols.size());
    }
}
