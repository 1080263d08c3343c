package dev.quiesce.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Error lines found unclean by the attacker's re-probe (scripts/probe-hostile-input.py, docs/reliability.md): a
 * value echoed back from the command line or a file is printed escaped, cut, and on one line.
 */
class ErrorLinesAreSafeTest {

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
}
