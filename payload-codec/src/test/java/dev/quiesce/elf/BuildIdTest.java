package dev.quiesce.elf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildIdTest {

    @Test
    void sha1_matchesFips180Vector() {
        assertThat(BuildId.sha1("abc".getBytes(StandardCharsets.US_ASCII)).hex())
                .isEqualTo("a9993e364706816aba3e25717850c26c9cd0d89d");
    }

    @Test
    void sha1_hashesChunksAsTheirConcatenation() {
        byte[] a = "ab".getBytes(StandardCharsets.US_ASCII);
        byte[] c = "c".getBytes(StandardCharsets.US_ASCII);
        assertThat(BuildId.sha1(a, c)).isEqualTo(BuildId.sha1("abc".getBytes(StandardCharsets.US_ASCII)));
        assertThat(BuildId.hasher().add(a).add(new byte[] {'x', 'c', 'y'}, 1, 1).build().length())
                .isEqualTo(BuildId.SHA1_LENGTH);
        assertThat(BuildId.hasher().add(a).add(new byte[] {'x', 'c', 'y'}, 1, 1).build()).isEqualTo(BuildId.sha1(a, c));
    }

    @Test
    void parse_roundTripsHexAndToStringIsHex() {
        BuildId id = BuildId.parse("34C6B937bdd7ed698f9f091e0049ebc91aae95e2");
        assertThat(id.hex()).isEqualTo("34c6b937bdd7ed698f9f091e0049ebc91aae95e2");
        assertThat(id).hasToString(id.hex());
        assertThat(BuildId.parse(id.hex())).isEqualTo(id).hasSameHashCodeAs(id);
    }

    @Test
    void parse_rejectsOddLengthEmptyAndNonHexWithClearMessage() {
        assertThatThrownBy(() -> BuildId.parse("abc")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("build-id 'abc' must be a non-empty even number of hex digits, has 3");
        assertThatThrownBy(() -> BuildId.parse("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BuildId.parse("12zz")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("build-id '12zz' is not hex: character 'z' at index 2");
    }

    @Test
    void bytes_areDefensiveCopies() {
        byte[] raw = {1, 2, 3};
        BuildId id = new BuildId(raw);
        raw[0] = 9;
        id.bytes()[1] = 9;
        assertThat(id.hex()).isEqualTo("010203");
    }

    @Test
    void buildId_matchesWhatReadelfPrintsForLdBuildIdNote(@TempDir Path dir) throws Exception {
        Path o = Tools.compile(dir, "f", "int f(int x) { return x * 3; }\n", "-O2");
        Tools.run(dir, "ld", "-static", "-nostdlib", "-e", "f", "--build-id=0x0123456789abcdef", "-o", "explicit.elf", o.toString());
        Tools.run(dir, "ld", "-static", "-nostdlib", "-e", "f", "--build-id=sha1", "-o", "sha1.elf", o.toString());
        ElfFile explicit = ElfFile.parse("explicit.elf", Files.readAllBytes(dir.resolve("explicit.elf")));
        assertThat(explicit.buildId()).contains(BuildId.parse("0123456789abcdef"));
        ElfFile sha1 = ElfFile.parse("sha1.elf", Files.readAllBytes(dir.resolve("sha1.elf")));
        String readelf = Tools.run(dir, "readelf", "-n", "sha1.elf");
        BuildId id = sha1.buildId().orElseThrow();
        assertThat(id.length()).isEqualTo(BuildId.SHA1_LENGTH);
        assertThat(readelf).contains("Build ID: " + id.hex() + "\n");
        assertThat(sha1.notes()).filteredOn(ElfNote::isGnuBuildId).singleElement()
                .satisfies(n -> assertThat(n.name()).isEqualTo("GNU"));
    }
}
