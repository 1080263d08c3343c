package dev.quiesce.elf;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * The coverage-guided fuzz target of the ELF reader (Jazzer, docs/reliability.md "Fuzzing"): any bytes either parse
 * into an {@link ElfFile} whose every table can be walked, or are refused with an {@link ElfFormatException} naming
 * the file; a parsed relocatable object either is refused by {@link ElfObject#from} with an
 * {@link IllegalArgumentException} or is rewritten in the canonical layout, which parses again and rewrites to the
 * same bytes. Anything else thrown, a hang or a heap blow-up is a finding. The build replays the corpus in
 * {@code ElfReaderFuzzTestInputs/}; {@code -P fuzz} fuzzes from it.
 */
class ElfReaderFuzzTest {

    private static final String NAME = "fuzz.o";

    @FuzzTest
    void parseEndsInAnElfFileOrAnElfFormatException(byte[] input) {
        ElfFile elf;
        try {
            elf = ElfFile.parse(NAME, input);
        } catch (ElfFormatException e) {
            assertThat(e.getMessage()).startsWith(NAME + ": ");
            return;
        }
        ElfFileFuzzTest.exercise(elf);
        ElfObject copy;
        try {
            copy = ElfObject.from(elf);
        } catch (IllegalArgumentException e) {
            return; // what the writer cannot represent (another machine, SHT_REL, ...): documented
        }
        byte[] canonical;
        try {
            canonical = copy.write();
        } catch (IllegalStateException e) { // only the documented bounds: what the reader accepted, the copy keeps
            assertThat(e.getMessage()).containsAnyOf("limit of a written object", "extended section numbering");
            return;
        }
        assertThat(ElfObject.from(ElfFile.parse(NAME, canonical)).write()).isEqualTo(canonical);
    }
}
