package dev.quiesce.elf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

/** Each check of {@link ElfFile#parse}, triggered by patching a real gcc-built guest object. */
class ElfFileCorruptionTest {

    private static final int SH_NAME = 0;
    private static final int SH_TYPE = 4;
    private static final int SH_OFFSET = 0x18;
    private static final int SH_SIZE = 0x20;
    private static final int SH_LINK = 0x28;
    private static final int SH_INFO = 0x2c;
    private static final int SH_ENTSIZE = 0x38;

    private final ElfFile main = GuestObjects.parse("main.o");
    private final int fileSize = main.bytes().remaining();
    private final ElfSection rela = main.findSection(".rela.text.cpu_main").orElseThrow();
    private final ElfSection symtab = main.findSection(".symtab").orElseThrow();
    private final ElfSection strtab = main.findSection(".strtab").orElseThrow();
    private final ElfSection shstrtab = main.findSection(".shstrtab").orElseThrow();
    private final int shnum = main.sections().size();

    private static AbstractThrowableAssert<?, ? extends Throwable> rejects(Patch p) {
        return assertThatThrownBy(p::parse).isExactlyInstanceOf(ElfFormatException.class);
    }

    @Test
    void parse_rejectsFileShorterThanHeader() {
        assertThatThrownBy(() -> ElfFile.parse("main.o", Patch.of(main).bytes(63))).isInstanceOf(ElfFormatException.class)
                .hasMessage("main.o: ELF header: file size 0x3f is shorter than the ELF64 header (0x40 bytes)");
    }

    @Test
    void parse_rejectsBadMagic() {
        rejects(Patch.of(main).u8(3, 'G')).hasMessageStartingWith("main.o: ELF header: e_ident[EI_MAG0..3] at 0x0 is 7f 45 4c 47");
    }

    @Test
    void parse_rejectsElf32Class() {
        rejects(Patch.of(main).u8(4, 1)).hasMessage("main.o: ELF header: e_ident[EI_CLASS] at 0x4 is 1, expected 2 (ELFCLASS64)");
    }

    @Test
    void parse_rejectsBigEndian() {
        rejects(Patch.of(main).u8(5, 2)).hasMessageContaining("e_ident[EI_DATA] at 0x5 is 2, expected 1");
    }

    @Test
    void parse_rejectsUnknownIdentVersionAndFileVersion() {
        rejects(Patch.of(main).u8(6, 0)).hasMessageContaining("e_ident[EI_VERSION] at 0x6 is 0, expected 1");
        rejects(Patch.of(main).u32(0x14, 2)).hasMessageContaining("e_version at 0x14 is 2, expected 1");
    }

    @Test
    void parse_acceptsAnyTypeAndMachine() {
        ElfFile other = Patch.of(main).u16(0x10, Elf.ET_DYN).u16(0x12, 183).parse();
        assertThat(other.type()).isEqualTo(Elf.ET_DYN);
        assertThat(other.machine()).isEqualTo(183);
    }

    @Test
    void parse_rejectsSectionHeaderEntrySizeOtherThan64() {
        rejects(Patch.of(main).u16(0x3a, 40)).hasMessage("main.o: ELF header: e_shentsize (at 0x3a) is 40, expected 64");
    }

    @Test
    void parse_rejectsSectionCountWithoutSectionHeaderTable() {
        rejects(Patch.of(main).u64(0x28, 0)).hasMessageContaining("e_shnum (at 0x3c) is %d but e_shoff (at 0x28) is 0".formatted(shnum));
    }

    @Test
    void parse_rejectsSectionHeaderTableRunningPastEndOfFile() {
        long shoff = fileSize - 64L * shnum + 8;
        rejects(Patch.of(main).u64(0x28, shoff)).hasMessage(
                "main.o: section header table: e_shoff 0x%x + e_shnum * 64 0x%x = 0x%x exceeds file size 0x%x"
                        .formatted(shoff, 64 * shnum, shoff + 64 * shnum, fileSize));
    }

    @Test
    void parse_rejectsSectionHeaderOffsetThatOverflowsWhenAdded() {
        rejects(Patch.of(main).u64(0x28, -16L)).hasMessageContaining("e_shoff 0xfffffffffffffff0 + e_shentsize 0x40 overflows 64 bits");
    }

    @Test
    void parse_readsExtendedSectionCountAndNameTableIndexFromSection0() {
        ElfFile extended = Patch.of(main).u16(0x3c, 0).u64(Patch.of(main).header(0) + SH_SIZE, shnum)
                .u16(0x3e, Elf.SHN_XINDEX).u32(Patch.of(main).header(0) + SH_LINK, shstrtab.index()).parse();
        assertThat(extended.sections()).hasSize(shnum);
        assertThat(extended.sections().subList(1, shnum)).containsExactlyElementsOf(main.sections().subList(1, shnum));
        assertThat(extended.symbols()).isEqualTo(main.symbols());
    }

    @Test
    void parse_rejectsExtendedSectionCountThatCannotFitInFile() {
        rejects(Patch.of(main).u16(0x3c, 0).u64(Patch.of(main).header(0) + SH_SIZE, 1L << 40))
                .hasMessageContaining("section header table: extended count (sh_size of section [0]) 0x10000000000 entries");
    }

    @Test
    void parse_rejectsSectionNameTableIndexOutOfRange() {
        rejects(Patch.of(main).u16(0x3e, shnum)).hasMessage(
                "main.o: ELF header: e_shstrndx (at 0x3e) %d is not a section (the file has %d)".formatted(shnum, shnum));
        rejects(Patch.of(main).u16(0x3e, Elf.SHN_XINDEX).u32(Patch.of(main).header(0) + SH_LINK, 99))
                .hasMessageContaining("e_shstrndx SHN_XINDEX -> sh_link of section [0] 99 is not a section");
    }

    @Test
    void parse_rejectsSectionNameTableThatIsNotAStringTable() {
        rejects(Patch.of(main).u16(0x3e, symtab.index())).hasMessageContaining("names section [%d] of type 2, not SHT_STRTAB"
                .formatted(symtab.index()));
    }

    @Test
    void parse_rejectsSectionRunningPastEndOfFile() {
        long size = fileSize - rela.offset() + 0x18;
        rejects(Patch.of(main).u64(Patch.of(main).field(rela.name(), SH_SIZE), size)).hasMessage(
                "main.o: section [%d] '.rela.text.cpu_main': sh_offset 0x%x + sh_size 0x%x = 0x%x exceeds file size 0x%x"
                        .formatted(rela.index(), rela.offset(), size, rela.offset() + size, fileSize));
    }

    @Test
    void parse_rejectsSectionSizeThatOverflowsWhenAddedToOffset() {
        rejects(Patch.of(main).u64(Patch.of(main).field(".text.cpu_main", SH_SIZE), -0x10L))
                .hasMessageContaining("'.text.cpu_main': sh_offset 0x40 + sh_size 0xfffffffffffffff0 overflows 64 bits");
    }

    @Test
    void parse_acceptsNobitsSectionLargerThanTheFile() {
        ElfSection bss = main.findSection(".bss.percpu").orElseThrow();
        assertThat(bss.size()).isGreaterThan(fileSize);
        assertThat(bss.isNobits()).isTrue();
        assertThat(bss.data()).isEmpty();
    }

    @Test
    void parse_rejectsSectionNameOutsideNameTable() {
        rejects(Patch.of(main).u32(Patch.of(main).header(4) + SH_NAME, shstrtab.size())).hasMessage(
                "main.o: section [4] (header at 0x%x): sh_name 0x%x is outside the section name table (size 0x%x)"
                        .formatted(Patch.of(main).header(4), shstrtab.size(), shstrtab.size()));
    }

    @Test
    void parse_rejectsSectionNameNotNulTerminated() {
        rejects(Patch.of(main).u8(shstrtab.offset() + shstrtab.size() - 1, 'x')
                .u32(Patch.of(main).header(4) + SH_NAME, shstrtab.size() - 2))
                .hasMessageContaining("section [4] (header at 0x%x): sh_name 0x%x in the section name table is not NUL-terminated"
                        .formatted(Patch.of(main).header(4), shstrtab.size() - 2));
    }

    @Test
    void parse_rejectsSectionLinkOutOfRange() {
        rejects(Patch.of(main).u32(Patch.of(main).field(".text.cpu_main", SH_LINK), shnum))
                .hasMessageContaining("'.text.cpu_main': sh_link (at 0x%x) %d is not a section"
                        .formatted(Patch.of(main).field(".text.cpu_main", SH_LINK), shnum));
    }

    @Test
    void parse_rejectsSymbolTableWithWrongEntrySize() {
        rejects(Patch.of(main).u64(Patch.of(main).field(".symtab", SH_ENTSIZE), 16))
                .hasMessage("main.o: section [%d] '.symtab': sh_entsize 16, expected 24 for a symbol table".formatted(symtab.index()));
    }

    @Test
    void parse_rejectsSymbolTableSizeNotAMultipleOfEntrySize() {
        rejects(Patch.of(main).u64(Patch.of(main).field(".symtab", SH_SIZE), symtab.size() - 1))
                .hasMessageContaining("'.symtab': sh_size 0x%x is not a multiple of the entry size 24".formatted(symtab.size() - 1));
    }

    @Test
    void parse_rejectsSymbolTableLinkedToSomethingOtherThanAStringTable() {
        rejects(Patch.of(main).u32(Patch.of(main).field(".symtab", SH_LINK), rela.index()))
                .hasMessageContaining("'.symtab': sh_link %d names section [%d] '.rela.text.cpu_main' of type 4, not a string table"
                        .formatted(rela.index(), rela.index()));
    }

    @Test
    void parse_rejectsSymbolNameOutsideStringTable() {
        long at = symtab.offset() + 2 * 24;
        rejects(Patch.of(main).u32(at, strtab.size() + 5)).hasMessage(
                "main.o: symbol [2] of section [%d] '.symtab' (at 0x%x): st_name 0x%x is outside section [%d] '.strtab' (size 0x%x)"
                        .formatted(symtab.index(), at, strtab.size() + 5, strtab.index(), strtab.size()));
    }

    @Test
    void parse_rejectsSymbolSectionIndexOutOfRange() {
        long at = symtab.offset() + 2 * 24;
        rejects(Patch.of(main).u16(at + 6, shnum)).hasMessageContaining(
                "symbol [2] of section [%d] '.symtab' (at 0x%x): st_shndx %d is not a section (the file has %d)"
                        .formatted(symtab.index(), at, shnum, shnum));
    }

    @Test
    void parse_acceptsSpecialSymbolSectionIndices() {
        long at = symtab.offset() + 2 * 24;
        assertThat(Patch.of(main).u16(at + 6, Elf.SHN_COMMON).parse().symbols().get(2).isCommon()).isTrue();
        assertThat(Patch.of(main).u16(at + 6, Elf.SHN_ABS).parse().symbols().get(2).isAbsolute()).isTrue();
        assertThat(main.symbols().get(1).isFile()).isTrue();
        assertThat(main.symbols().get(1).isAbsolute()).isTrue();
    }

    @Test
    void parse_rejectsExtendedSymbolSectionIndexWithoutIndexTable() {
        rejects(Patch.of(main).u16(symtab.offset() + 2 * 24 + 6, Elf.SHN_XINDEX))
                .hasMessageContaining("st_shndx is SHN_XINDEX but no SHT_SYMTAB_SHNDX section links to section [%d] '.symtab'"
                        .formatted(symtab.index()));
    }

    @Test
    void parse_rejectsRelaWithWrongEntrySizeOrSize() {
        rejects(Patch.of(main).u64(Patch.of(main).field(rela.name(), SH_ENTSIZE), 16))
                .hasMessageContaining("'.rela.text.cpu_main': sh_entsize 16, expected 24 for SHT_RELA");
        rejects(Patch.of(main).u64(Patch.of(main).field(rela.name(), SH_SIZE), rela.size() - 8))
                .hasMessageContaining("'.rela.text.cpu_main': sh_size 0x%x is not a multiple of the entry size 24".formatted(rela.size() - 8));
    }

    @Test
    void parse_rejectsRelaLinkedToSomethingOtherThanTheSymbolTable() {
        rejects(Patch.of(main).u32(Patch.of(main).field(rela.name(), SH_LINK), strtab.index()))
                .hasMessageContaining("'.rela.text.cpu_main': sh_link %d names section [%d] '.strtab' of type 3, not the symbol table"
                        .formatted(strtab.index(), strtab.index()));
    }

    @Test
    void parse_rejectsRelaTargetOutOfRangeOrMissing() {
        rejects(Patch.of(main).u32(Patch.of(main).field(rela.name(), SH_INFO), shnum))
                .hasMessageContaining("'.rela.text.cpu_main': sh_info (target section) %d is not a section".formatted(shnum));
        rejects(Patch.of(main).u32(Patch.of(main).field(rela.name(), SH_INFO), 0))
                .hasMessageContaining("sh_info (target section) 0 is not a section that can be relocated");
    }

    /** Found by the fuzzer (ElfReaderFuzzTest): a relocated SHT_NULL header had sh_size but no bytes to patch. */
    @Test
    void parse_rejectsRelocationsOfASectionWithoutContents_anInactiveOrNobitsTarget() {
        int target = rela.info();
        rejects(Patch.of(main).u32(Patch.of(main).field(main.section(target).name(), SH_TYPE), Elf.SHT_NULL))
                .hasMessageContaining("'.rela.text.cpu_main': sh_info (target section) %d is section [%d]".formatted(target, target))
                .hasMessageContaining("of type 0, which has no contents to relocate");
        rejects(Patch.of(main).u32(Patch.of(main).field(main.section(target).name(), SH_TYPE), Elf.SHT_NOBITS))
                .hasMessageContaining("of type 8, which has no contents to relocate");
    }

    @Test
    void parse_rejectsRelocationSymbolIndexOutOfRange() {
        int symbols = main.symbols().size();
        long at = rela.offset() + 3 * 24;
        rejects(Patch.of(main).u32(at + 12, symbols)).hasMessage(
                "main.o: relocation [3] of section [%d] '.rela.text.cpu_main' (at 0x%x): symbol index %d exceeds the %d symbols of section [%d] '.symtab'"
                        .formatted(rela.index(), at, symbols, symbols, symtab.index()));
    }

    @Test
    void parse_rejectsRelocationOffsetOutsideTargetSection() {
        ElfRelaSection relas = main.relocationSections().getFirst();
        assertThat(relas.section()).isEqualTo(rela);
        long size = main.section(relas.targetSectionIndex()).size();
        long at = rela.offset();
        assertThat(relas.relocations().getFirst().type()).isIn(Elf.R_X86_64_PC32, Elf.R_X86_64_32S, Elf.R_X86_64_PLT32);
        rejects(Patch.of(main).u64(at, size - 2)).hasMessageContaining(
                "relocation [0] of section [%d] '.rela.text.cpu_main' (at 0x%x): r_offset 0x%x + 4 bytes of %s lies outside the target section [4] '.text.cpu_main' (size 0x%x)"
                        .formatted(rela.index(), at, size - 2, relas.relocations().getFirst().typeName(), size));
        rejects(Patch.of(main).u64(at, -1L)).hasMessageContaining("r_offset 0xffffffffffffffff + 4 bytes");
        assertThat(Patch.of(main).u64(at, size - 4).parse().relocationSections().getFirst().relocations().getFirst().offset())
                .isEqualTo(size - 4);
    }

    @Test
    void parse_rejectsSecondSymbolTable() {
        rejects(Patch.of(main).u32(Patch.of(main).field(rela.name(), SH_TYPE), Elf.SHT_SYMTAB).u32(Patch.of(main).field(rela.name(), SH_LINK), strtab.index()))
                .hasMessageContaining("section [%d] '.symtab': a second SHT_SYMTAB section (the first is section [%d] '.rela.text.cpu_main')"
                        .formatted(symtab.index(), rela.index()));
    }

    @Test
    void parse_rejectsNoteHeaderDescriptorOrNameRunningPastItsSection() {
        ElfFile noted = NoteSamples.propertyNoteObject();
        ElfSection note = noted.findSection(".note.gnu.property").orElseThrow();
        Patch p = Patch.of(noted);
        assertThatThrownBy(() -> Patch.of(noted).u32(note.offset() + 4, 0x100).parse()).isInstanceOf(ElfFormatException.class)
                .hasMessage("%s: note at 0x%x in section [%d] '.note.gnu.property': n_descsz 0x100 at section offset 0x10 runs past the section end (size 0x%x)"
                        .formatted(noted.fileName(), note.offset(), note.index(), note.size()));
        assertThatThrownBy(() -> Patch.of(noted).u32(note.offset(), 0xffffffffL).parse()).isInstanceOf(ElfFormatException.class)
                .hasMessageContaining("n_namesz 0xffffffff runs past the section end");
        assertThatThrownBy(() -> Patch.of(noted).u64(p.field(".note.gnu.property", SH_SIZE), 8).parse())
                .isInstanceOf(ElfFormatException.class)
                .hasMessageContaining("the 12-byte note header runs past the section end (0x8 bytes left)");
    }

    @Test
    void parse_keepsOriginalBytesReadOnly() {
        assertThat(main.bytes().isReadOnly()).isTrue();
        assertThat(main.bytes().remaining()).isEqualTo(GuestObjects.bytes("main.o").length);
        assertThat(main.bytes().get(1)).isEqualTo((byte) 'E');
    }
}
