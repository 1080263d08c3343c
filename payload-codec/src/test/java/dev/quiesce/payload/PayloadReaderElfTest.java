package dev.quiesce.payload;

import static dev.quiesce.payload.PayloadReaderTest.assertRejected;
import static dev.quiesce.payload.PayloadSamples.edit;
import static dev.quiesce.payload.PayloadSamples.section;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiesce.elf.Elf;
import dev.quiesce.elf.ElfFile;
import dev.quiesce.elf.ElfFormatException;
import dev.quiesce.elf.ElfObject;
import dev.quiesce.elf.ElfSection;
import dev.quiesce.elf.Tools;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@link PayloadReader}'s checks of the container — size, ELF header and sections, symbols, relocations (Xen:
 * {@code verify_payload}, {@code livepatch_elf_load}, {@code check_xen_buildid}, {@code move_payload},
 * {@code livepatch_elf_resolve_symbols}, {@code livepatch_elf_perform_relocs}) — one test per check, each
 * asserting Xen's errno and the sentence.
 */
class PayloadReaderElfTest {

    private static final byte[] GOOD = PayloadSamples.payload();

    // --- size (verify_payload) -------------------------------------------------------------------------------

    @Test
    void read_rejectsAnEmptyPayload() {
        assertRejected(new byte[0], Errno.EINVAL, "the payload is empty");
    }

    @Test
    void read_rejectsAPayloadOverTwoMebibytes() {
        assertRejected(Arrays.copyOf(GOOD, 2 * 1024 * 1024 + 1), Errno.EINVAL, "2097153 bytes, over Xen's 2 MiB limit");
        assertThat(PayloadReader.read("p", Arrays.copyOf(GOOD, 2 * 1024 * 1024)).functions()).hasSize(2);
    }

    // --- the ELF container (livepatch_elf_load) --------------------------------------------------------------

    @Test
    void read_rejectsAFileShorterThanAnElfHeader() {
        assertRejected(Arrays.copyOf(GOOD, 63), Errno.EINVAL, "shorter than an ELF64 header");
    }

    @Test
    void read_rejectsAFileWithoutElfMagic() {
        assertRejected(Raw.patch(GOOD, 1, 1, 'X'), Errno.EINVAL, "not an ELF file");
    }

    @Test
    void read_rejectsAnExecutable() {
        assertRejected(Raw.patch(GOOD, 0x10, 2, Elf.ET_EXEC), Errno.EOPNOTSUPP, "Xen loads only ET_REL objects — link the payload with ld -r");
    }

    @Test
    void read_rejectsAnotherMachine() {
        assertRejected(Raw.patch(GOOD, 0x12, 2, 3), Errno.EOPNOTSUPP, "e_machine 3");
    }

    @Test
    void read_rejectsAMissingSectionNameTable() {
        assertRejected(Raw.patch(GOOD, 0x3e, 2, 0), Errno.EINVAL, "no section name table");
    }

    @Test
    void read_rejects1024Sections() {
        assertRejected(Raw.patch(GOOD, 0x3c, 2, 1024), Errno.EOPNOTSUPP, "1024 sections, Xen accepts at most 1023");
    }

    @Test
    void read_rejectsSectionDataInTheElfHeader() {
        assertRejected(Raw.field(GOOD, ".modinfo", Raw.SH_OFFSET, 8, 0x10), Errno.EINVAL, "lies in the ELF header");
    }

    @Test
    void read_rejectsSectionDataPastTheEndOfTheFile() {
        assertRejected(Raw.field(GOOD, ".modinfo", Raw.SH_SIZE, 8, GOOD.length), Errno.EINVAL, "runs past the end");
    }

    @Test
    void read_rejectsAnAlignmentThatIsNotAPowerOfTwo() {
        assertRejected(Raw.field(GOOD, ".modinfo", Raw.SH_ADDRALIGN, 8, 3), Errno.EOPNOTSUPP, "not a power of two");
    }

    @Test
    void read_rejectsAnAddressNotAlignedToItsSection() {
        assertRejected(Raw.field(GOOD, ".livepatch.funcs", 0x10, 8, 4), Errno.EINVAL, "is not aligned");
    }

    @Test
    void read_rejectsABssOverTwoMebibytes() {
        byte[] b = edit(GOOD, o -> o.addNobits(".bss.big", Elf.SHF_ALLOC | Elf.SHF_WRITE, 8, 2 * 1024 * 1024 + 1));
        assertRejected(b, Errno.EINVAL, "over Xen's 2 MiB limit; make it smaller");
    }

    @Test
    void read_rejectsASecondSymbolTable() {
        assertRejected(Raw.field(GOOD, ".modinfo", Raw.SH_TYPE, 4, Elf.SHT_SYMTAB), Errno.EOPNOTSUPP, "both symbol tables");
    }

    @Test
    void read_rejectsAPayloadWithoutSymbolTable() {
        assertRejected(Raw.field(GOOD, ".symtab", Raw.SH_TYPE, 4, Elf.SHT_PROGBITS), Errno.EINVAL, "no symbol table; do not strip it");
    }

    @Test
    void read_rejectsAStringTableThatDoesNotEndWithNul() {
        ElfSection strtab = ElfFile.parse("p", GOOD).findSection(".strtab").orElseThrow();
        assertRejected(Raw.patch(GOOD, strtab.offset() + strtab.size() - 1, 1, 'x'), Errno.EINVAL,
                "symbol string table (sh_link of .symtab) is not a string table that starts and ends with NUL");
    }

    @Test
    void read_wrapsWhatTheElfReaderFindsMalformed_asEinval() {
        ElfSection note = ElfFile.parse("p", GOOD).findSection(".note.gnu.build-id").orElseThrow();
        byte[] b = Raw.patch(GOOD, note.offset() + 4, 4, 0x1000);
        assertThatThrownBy(() -> PayloadReader.read("p", b)).isInstanceOfSatisfying(PayloadException.class, e -> {
            assertThat(e.errno()).isEqualTo(Errno.EINVAL);
            assertThat(e.getMessage()).startsWith("the payload is malformed: p: note at").endsWith("— rebuild it");
            assertThat(e.getCause()).isInstanceOf(ElfFormatException.class);
        });
    }

    @Test
    void read_refusesSectionsThatOverlapBeyondWhatCanBeAllocated() {
        byte[] big = edit(GOOD, o -> {
            o.addSection(".rodata.big", Elf.SHT_PROGBITS, Elf.SHF_ALLOC, 8, 0, new byte[1536 * 1024]);
            for (int i = 0; i < 10; i++) {
                o.addSection(".rodata.alias" + i, Elf.SHT_PROGBITS, Elf.SHF_ALLOC, 1, 0, new byte[1]);
            }
        });
        ElfSection source = ElfFile.parse("p", big).findSection(".rodata.big").orElseThrow();
        byte[] overlapping = big;
        for (int i = 0; i < 10; i++) {
            overlapping = Raw.field(overlapping, ".rodata.alias" + i, Raw.SH_OFFSET, 8, source.offset());
            overlapping = Raw.field(overlapping, ".rodata.alias" + i, Raw.SH_SIZE, 8, source.size());
        }
        assertThat(PayloadReader.read("p", big).functions()).hasSize(2);
        assertRejected(overlapping, Errno.ENOMEM, "(they overlap); they cannot be allocated");
    }

    // --- xen_depends, permissions, symbols, relocations -------------------------------------------------------

    @Test
    void read_acceptsAPayloadWithoutXenDepends_leavingThatUploadCheckToTheRegistry() {
        Payload p = PayloadReader.read("p", edit(GOOD, o -> o.removeSection(section(o, ".livepatch.xen_depends"))));
        assertThat(p.xenDepends()).isEmpty();
        assertThat(p.functions()).hasSize(2);
    }

    @Test
    void read_rejectsAXenDependsNoteOfAnotherType_asEinval() {
        byte[] b = edit(GOOD, o -> o.setSectionData(section(o, ".livepatch.xen_depends"), PayloadReaderTest.noteOfType(1)));
        assertRejected(b, Errno.EINVAL, ".livepatch.xen_depends holds a note of type 1, not a build-id (3)");
    }

    @Test
    void read_rejectsAWritableExecutableSection() {
        byte[] b = edit(GOOD, o -> o.addSection(".text.wx", Elf.SHT_PROGBITS, Elf.SHF_ALLOC | Elf.SHF_WRITE | Elf.SHF_EXECINSTR,
                1, 0, new byte[] {(byte) 0xc3}));
        assertRejected(b, Errno.EOPNOTSUPP, "'.text.wx' is both writable and executable");
    }

    @Test
    void read_rejectsACommonSymbol() {
        byte[] b = edit(GOOD, o -> o.addSymbol("shared", Elf.STB_GLOBAL, Elf.STT_OBJECT, Elf.SHN_COMMON, 8, 4));
        assertRejected(b, Errno.EINVAL, "symbol 'shared' is a COMMON symbol, which Xen cannot place; compile with -fno-common");
    }

    @Test
    void read_rejectsASymbolWithAReservedSectionIndex() {
        ElfFile f = ElfFile.parse("p", GOOD);
        ElfSection symtab = f.findSection(".symtab").orElseThrow();
        int pre = f.symbols().stream().filter(s -> s.name().equals("pre")).findFirst().orElseThrow().index();
        assertRejected(Raw.patch(GOOD, symtab.offset() + 24L * pre + 6, 2, 0xff00), Errno.EOPNOTSUPP,
                "symbol 'pre' has the reserved section index 0xff00");
    }

    @Test
    void read_rejectsRelRelocations() {
        assertRejected(Raw.field(GOOD, ".rela.text.new_foo", Raw.SH_TYPE, 4, Elf.SHT_REL), Errno.EOPNOTSUPP,
                "holds SHT_REL relocations");
    }

    @Test
    void read_rejectsTheAbsolute32BitRelocationsOfNonPicCode() {
        ElfFile nopic = ElfFile.parse("nopic.o", Tools.read(Tools.compile(PayloadSamples.dir(), "nopic",
                "const char *greet(void) { return \"hi\"; }\n", "-O2", "-fno-pic", "-mcmodel=small", "-ffunction-sections")));
        byte[] b = PayloadWriter.write(PayloadSpec.of(ElfObject.from(nopic), List.of(FunctionSpec.jump("greet", 16, "greet", 6)),
                PayloadSamples.IMAGE, Optional.empty()));
        assertRejected(b, Errno.EOPNOTSUPP, "relocation R_X86_64_32 at .text.greet+0x1: Xen on x86 applies only");
    }

    @Test
    void read_rejectsARelocationWithoutSymbol() {
        byte[] b = edit(GOOD, o -> o.addRelocation(section(o, ".livepatch.funcs"), 16, Elf.R_X86_64_64, 0, 0));
        assertRejected(b, Errno.EOPNOTSUPP, "relocation R_X86_64_64 at .livepatch.funcs+0x10 has no symbol (STN_UNDEF)");
    }

    @Test
    void read_rejectsARelocationAgainstASectionThatIsNotLoaded() {
        byte[] b = edit(GOOD, o -> {
            int debug = o.addSection(".debug_x", Elf.SHT_PROGBITS, 0, 1, 0, new byte[8]);
            int symbol = o.addSymbol("dbg", Elf.STB_LOCAL, Elf.STT_OBJECT, debug, 0, 8);
            o.addRelocation(section(o, ".livepatch.funcs"), 16, Elf.R_X86_64_64, symbol, 0);
        });
        assertRejected(b, Errno.EINVAL, "uses symbol 'dbg' of a section that is not loaded");
    }
}
