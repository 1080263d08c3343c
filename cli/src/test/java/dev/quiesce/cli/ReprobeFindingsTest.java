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
}
