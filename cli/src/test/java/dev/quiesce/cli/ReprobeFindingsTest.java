package dev.quiesce.cli;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The inputs the attacker's re-probe (scripts/probe-hostile-input.py, docs/reliability.md) found not clean, each
 * now one {@code error:} line with exit 2 before any work: a value echoed back is printed escaped, cut and on one
 * line; empty output paths, an empty metadata key and a --payloads that is not a directory are refused.
 */
class ReprobeFindingsTest {

    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path dir;

    @Test
    void aTerminalEscapeInAnOptionValueIsShownEscaped() {
        CliRun r = CliRun.of("run", "--duration=100us", "--protocol=\u001b[31mred");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: ").contains("\\x1b[31mred").doesNotContain("\u001b").hasLineCount(1);
    }

    @Test
    void aMegabyteOptionValueIsCutInTheErrorLine() {
        CliRun r = CliRun.of("run", "--duration=100us", "--xmc=" + "a".repeat(1_000_000));
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: ").contains("more characters").hasLineCount(1);
        assertThat(r.err().length()).isLessThan(2 * Main.MAX_ERROR_CHARS);
    }

    @Test
    void anAtArgumentIsNotReadAsAnArgumentFile() {
        CliRun r = CliRun.of("run", "@/dev/zero"); // picocli's @-files would read /dev/zero forever
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: no scenario '@/dev/zero'").hasLineCount(1);
    }

    @Test
    void anExpectHashThatIsNotASha256IsRefusedBeforeTheRun() {
        CliRun r = CliRun.of("replay", "xen-default", "--expect-hash=zz");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: --expect-hash 'zz' is not 64 hex digits").hasLineCount(1);
        assertThat(r.out()).isEmpty();
    }

    @Test
    void aMultiLineMessageBecomesOneLine() {
        assertThat(Main.oneLine("first\n  second\r\nthird")).isEqualTo("first; second; third");
    }

    @Test
    void anEmptyOutputPathIsRefused_notTakenAsTheWorkingDirectory() {
        for (String[] args : new String[][] {{"payload", "keygen", "-o="}, {"payload", "samples", "-o="}}) {
            CliRun r = CliRun.of(args);
            assertThat(r.exit()).as(args[1]).isEqualTo(2);
            assertThat(r.err()).as(args[1]).startsWith("error: -o ").hasLineCount(1);
        }
    }

    @Test
    void metadataWithoutAKeyIsRefused() throws Exception {
        java.nio.file.Path samples = dir.resolve("s");
        assertThat(CliRun.of("payload", "samples", "-o", samples.toString()).exit()).isZero();
        assertThat(CliRun.of("payload", "keygen", "-o", dir.resolve("k").toString()).exit()).isZero();
        CliRun r = CliRun.of("payload", "sign", samples.resolve("xen_nop.livepatch").toString(), "--key",
                dir.resolve("k.key").toString(), "--meta==");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: --meta needs KEY=VALUE with a KEY").hasLineCount(1);
    }

    @Test
    void aPayloadsFolderThatIsNotADirectoryIsRefusedBeforeTheHostBoots() {
        CliRun r = CliRun.of("host", "--payloads=/dev/zero", "--exec=list");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("error: --payloads /dev/zero is not a directory: give the directory that"
                + " relative payload file names refer to\n");
    }

    @Test
    void anUnreadableModelFileIsNamedWithoutJavaClassNames() throws Exception {
        java.nio.file.Path conf = dir.resolve("f.conf");
        Files.writeString(conf, "hosts = 10\nmodel-file = nope.json\n");
        CliRun r = CliRun.of("fleet", conf.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("model-file = 'nope.json' cannot be read").doesNotContain("Exception")
                .hasLineCount(1);
    }

    // the eight the first re-probe left open (docs/reliability.md "Probed as an attacker")

    private static void oneError(CliRun r, String start) {
        assertThat(r.exit()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).startsWith(start).hasLineCount(1).doesNotContain("\u001b").doesNotContain("Exception");
        assertThat(r.out()).doesNotContain("\u001b");
    }

    @Test
    void benchFleetRefusesAnEscapeInItsModelBeforeItPrintsAnything() {
        CliRun r = CliRun.of("bench", "fleet", "--hosts=10", "--warmup=0", "--model=\u001b[31mred");
        oneError(r, "error: ");
        assertThat(r.err()).contains("\\x1b[31mred");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void benchFleetRefusesAnEscapeInItsScenarioBeforeItPrintsAnything() {
        CliRun r = CliRun.of("bench", "fleet", "--hosts=10", "--warmup=0", "--scenario=\u001b[31mred");
        oneError(r, "error: no fleet scenario '\\x1b[31mred'");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void calibrateRefusesAClassNameThatWouldPrintAnEscape() {
        CliRun r = CliRun.of("calibrate", "xen-default", "-o", dir.resolve("m.json").toString(), "--seeds=1",
                "--class=\u001b[31mred");
        oneError(r, "error: --class '\\x1b[31mred' has control characters");
        assertThat(Files.exists(dir.resolve("m.json"))).isFalse();
    }

    @Test
    void aFleetNamingAnUnknownPayloadIsRefusedNamingTheKnownOnes() {
        CliRun r = CliRun.of("fleet", "fleet-10k", "--set", "hosts=20", "--set", "canaries.emulated=0", "--set",
                "payloads=[nope]");
        oneError(r, "error: --set payloads=[nope]");
        assertThat(r.err()).contains("names 'nope', which is not a sample payload").contains("xen_hello_world");
    }

    @Test
    void aFractionOfACpuIsAnErrorWithTheFileAndLine() throws Exception {
        java.nio.file.Path conf = dir.resolve("s.conf");
        Files.writeString(conf, "name = frac\nduration = 300us\nhost { cpus = 1.5 }\n");
        CliRun r = CliRun.of("run", conf.toString());
        oneError(r, "error: " + conf + ":3: quiesce.host.cpus = 1.5 is not a whole number; legal: a whole number in");
    }

    @Test
    void anEscapeInASetValueIsKeptAndSoTheNameIsRefused() {
        CliRun r = CliRun.of("run", "--set", "duration=300us", "--set", "name=\u001b[31m");
        oneError(r, "error: ");
        assertThat(r.err()).contains("quiesce.scenario.name has control characters");
    }

    private static final String UNSORTED_MODEL = "{\"format\": \"quiesce-model\", \"version\": 1, \"classes\": [{\"name\":"
            + " \"web\", \"quiescenceGapNs\": [44, 5, 4], \"irqRatePerMs\": 5.9, \"irqDurationNs\": [3, 92],"
            + " \"nmiRatePerMs\": 0.0, \"nmiDurationNs\": [0]}]}";

    @Test
    void aFleetRefusesAModelFileWithUnsortedSamples() throws Exception {
        Files.writeString(dir.resolve("m.json"), UNSORTED_MODEL);
        java.nio.file.Path conf = dir.resolve("f.conf");
        Files.writeString(conf, "hosts = 10\ncanaries.emulated = 0\nmodel-file = m.json\n");
        CliRun r = CliRun.of("fleet", conf.toString());
        oneError(r, "error: ");
        assertThat(r.err()).contains("\"quiescenceGapNs\" must be sorted ascending");
    }

    @Test
    void calibrateAppendRefusesAModelFileWithUnsortedSamples_andLeavesItByteForByte() throws Exception {
        java.nio.file.Path model = dir.resolve("m.json");
        Files.writeString(model, UNSORTED_MODEL);
        CliRun r = CliRun.of("calibrate", "xen-default", "--append", "-o", model.toString(), "--seeds=1",
                "--duration=300us");
        oneError(r, "error: " + model + ": classes[0] ('web'): \"quiescenceGapNs\" must be sorted ascending");
        assertThat(r.err()).contains("(--append leaves the file as it is)");
        assertThat(Files.readString(model)).isEqualTo(UNSORTED_MODEL);
        assertThat(r.out()).isEmpty();
    }
}
