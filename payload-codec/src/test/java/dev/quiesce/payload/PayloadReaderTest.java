package dev.quiesce.payload;

import static dev.quiesce.payload.PayloadSamples.edit;
import static dev.quiesce.payload.PayloadSamples.section;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiesce.elf.Elf;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@link PayloadReader}'s checks of the livepatch sections (Xen: {@code check_special_sections},
 * {@code check_patching_sections}, {@code prepare_payload}, {@code arch_livepatch_verify_func}) — one test per
 * check, each asserting Xen's errno and the sentence.
 */
class PayloadReaderTest {

    private static final byte[] GOOD = PayloadSamples.payload();

    // --- special sections ----------------------------------------------------------------------------------

    @Test
    void read_rejectsAMissingDepends() {
        assertRejected(edit(GOOD, o -> o.removeSection(section(o, ".livepatch.depends"))), Errno.EINVAL,
                ".livepatch.depends is missing; add the build-id of the image or payload it applies on top of");
    }

    @Test
    void read_rejectsAnEmptyDepends() {
        assertRejected(edit(GOOD, o -> o.setSectionData(section(o, ".livepatch.depends"), new byte[0])), Errno.EINVAL,
                ".livepatch.depends is empty");
    }

    @Test
    void read_rejectsAMissingBuildId() {
        assertRejected(edit(GOOD, o -> o.removeSection(section(o, ".note.gnu.build-id"))), Errno.EINVAL,
                ".note.gnu.build-id is missing; link the payload with ld --build-id=sha1");
    }

    @Test
    void read_rejectsADependsNoteOfAnotherType_asEnodata() {
        assertRejected(edit(GOOD, o -> o.setSectionData(section(o, ".livepatch.depends"), noteOfType(1))), Errno.ENODATA,
                ".livepatch.depends holds a note of type 1");
    }

    @Test
    void read_rejectsABuildIdNoteWithAnotherOwner_asEnodata() {
        byte[] note = BuildIdNote.encode(new byte[20]);
        note[12] = 'X';
        assertRejected(edit(GOOD, o -> o.setSectionData(section(o, ".note.gnu.build-id"), note)), Errno.ENODATA,
                "the note's owner is not \"GNU\"");
    }

    @Test
    void read_rejectsAPayloadWithNothingToPatch() {
        byte[] b = edit(PayloadSamples.hooksOnly(), o -> o.removeSection(section(o, ".livepatch.hooks.apply")));
        assertRejected(b, Errno.EINVAL, "nothing to patch: the payload has no .livepatch.funcs and no hook section");
    }

    @Test
    void read_rejectsAnEmptyHookSection() {
        byte[] b = edit(GOOD, o -> o.addSection(".livepatch.hooks.unload", Elf.SHT_PROGBITS, Elf.SHF_ALLOC, 8, 0, new byte[0]));
        assertRejected(b, Errno.EINVAL, ".livepatch.hooks.unload is empty; remove it or give it at least one entry");
    }

    @Test
    void read_acceptsAHooksOnlyPayload() {
        Payload p = PayloadReader.read("nofunc", PayloadSamples.hooksOnly());
        assertThat(p.functions()).isEmpty();
        assertThat(p.hooks()).containsExactly(Map.entry(HookKind.APPLY, List.of("pre")));
    }

    // --- .livepatch.funcs (prepare_payload, arch_livepatch_verify_func) --------------------------------------

    @Test
    void read_rejectsFuncsThatAreNotAMultipleOf104Bytes() {
        byte[] b = edit(GOOD, o -> o.setSectionData(section(o, ".livepatch.funcs"),
                Arrays.copyOf(o.sectionData(section(o, ".livepatch.funcs")), 209)));
        assertRejected(b, Errno.EINVAL, ".livepatch.funcs is 209 bytes, not a multiple of 104");
    }

    @Test
    void read_rejectsVersion1() {
        byte[] b = edit(GOOD, o -> {
            byte[] funcs = o.sectionData(section(o, ".livepatch.funcs"));
            funcs[32] = 1;
            o.setSectionData(section(o, ".livepatch.funcs"), funcs);
        });
        assertRejected(b, Errno.EOPNOTSUPP, "function #0 ('do_foo') has struct livepatch_func version 1; Xen reads only version 2");
    }

    @Test
    void read_rejectsOldSizeZero() {
        assertRejected(write(new FunctionSpec("do_foo", 0, 0, "new_foo", 16, null)), Errno.EINVAL,
                "function #0 ('do_foo') has old_size 0; set it to the size in bytes of the function it replaces");
    }

    @Test
    void read_rejectsANopOfMoreThan31Bytes() {
        assertRejected(write(new FunctionSpec("do_bar", 0, 40, null, 32, null)), Errno.EOPNOTSUPP,
                "function #0 ('do_bar') NOPs 32 bytes; Xen saves at most 31 bytes");
    }

    @Test
    void read_rejectsANopLargerThanTheOldFunction() {
        assertRejected(write(new FunctionSpec("do_bar", 0, 2, null, 3, null)), Errno.EINVAL,
                "function #0 ('do_bar') NOPs 3 bytes of a 2-byte function; NOP at most old_size bytes");
    }

    @Test
    void read_acceptsANopOf31BytesOfA31ByteFunction() {
        assertThat(PayloadReader.read("p", write(new FunctionSpec("do_bar", 0, 31, null, 31, null))).functions())
                .singleElement().satisfies(f -> assertThat(f.isNop()).isTrue());
    }

    // --- hooks, modinfo, optional sections ---------------------------------------------------------------------

    @Test
    void read_rejectsASingleHookSectionWithTwoPointers() {
        byte[] b = edit(GOOD, o -> o.setSectionData(section(o, ".livepatch.hooks.preapply"), new byte[16]));
        assertRejected(b, Errno.EINVAL, ".livepatch.hooks.preapply is 16 bytes; it must hold exactly one 8-byte function pointer");
    }

    @Test
    void read_rejectsAHookArrayThatIsNotWholePointers() {
        byte[] b = edit(GOOD, o -> o.setSectionData(section(o, ".livepatch.hooks.load"), new byte[20]));
        assertRejected(b, Errno.EINVAL, ".livepatch.hooks.load is 20 bytes, not a whole number of 8-byte function pointers");
    }

    @Test
    void read_rejectsModinfoWithoutATrailingNul() {
        byte[] b = edit(GOOD, o -> o.setSectionData(section(o, ".modinfo"), "abc".getBytes(StandardCharsets.UTF_8)));
        assertRejected(b, Errno.EINVAL, ".modinfo does not end with a NUL byte");
    }

    @Test
    void read_rejectsBugFramesAndExceptionTablesOfPartialEntries() {
        assertRejected(edit(GOOD, o -> o.addSection(".bug_frames.2", Elf.SHT_PROGBITS, Elf.SHF_ALLOC, 4, 0, new byte[12])),
                Errno.EINVAL, ".bug_frames.2 is 12 bytes, not a multiple of its 8-byte entries");
        assertRejected(edit(GOOD, o -> o.addSection(".ex_table", Elf.SHT_PROGBITS, Elf.SHF_ALLOC, 4, 0, new byte[12])),
                Errno.EINVAL, ".ex_table is 12 bytes, not a multiple of its 8-byte entries");
    }

    @Test
    void read_rejectsAlternativesWithoutReplacementsOrOutsideTheText_andAcceptsValidOnes() {
        assertRejected(edit(GOOD, o -> o.addSection(".altinstructions", Elf.SHT_PROGBITS, Elf.SHF_ALLOC, 1, 0, new byte[14])),
                Errno.EINVAL, ".altinstructions is present but .altinstr_replacement is missing");
        assertRejected(edit(GOOD, o -> {
            o.addSection(".altinstr_replacement", Elf.SHT_PROGBITS, Elf.SHF_ALLOC | Elf.SHF_EXECINSTR, 1, 0, new byte[4]);
            o.addSection(".altinstructions", Elf.SHT_PROGBITS, Elf.SHF_ALLOC, 1, 0, alternative(1, 1));
        }), Errno.EINVAL, "alternative #0 of .altinstructions patches 1 bytes outside the payload's text");
        byte[] valid = edit(GOOD, o -> {
            int repl = o.addSection(".altinstr_replacement", Elf.SHT_PROGBITS, Elf.SHF_ALLOC | Elf.SHF_EXECINSTR, 1, 0, new byte[4]);
            int alt = o.addSection(".altinstructions", Elf.SHT_PROGBITS, Elf.SHF_ALLOC, 1, 0, alternative(2, 4));
            o.addRelocation(alt, 0, Elf.R_X86_64_PC32, o.addSectionSymbol(section(o, ".text.new_foo")), 0);
            o.addRelocation(alt, 4, Elf.R_X86_64_PC32, o.addSectionSymbol(repl), 0);
        });
        assertThat(PayloadReader.read("p", valid).functions()).hasSize(2);
    }

    private static byte[] alternative(int origLength, int replLength) {
        byte[] a = new byte[14];
        a[10] = (byte) origLength;
        a[11] = (byte) replLength;
        return a;
    }

    static byte[] noteOfType(int type) {
        byte[] note = BuildIdNote.encode(new byte[20]);
        note[8] = (byte) type;
        return note;
    }

    private static byte[] write(FunctionSpec f) {
        return PayloadWriter.write(PayloadSpec.of(PayloadSamples.body(), List.of(f), PayloadSamples.IMAGE,
                Optional.of(PayloadSamples.XEN)));
    }

    static void assertRejected(byte[] bytes, Errno errno, String sentence) {
        assertThatThrownBy(() -> PayloadReader.read("p", bytes)).isInstanceOfSatisfying(PayloadException.class, e -> {
            assertThat(e.errno()).as(e.toString()).isEqualTo(errno);
            assertThat(e.getMessage()).contains(sentence);
            assertThat(e.toString()).isEqualTo("-" + errno.name() + ": " + e.getMessage());
        });
    }
}
