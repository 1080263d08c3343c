package dev.quiesce.cli.host;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The host shell fed what an attacker or a careless user types: long lines, escape codes, quoted paths. */
class HostShellHostileInputTest {

    private final ScriptedHost host = new ScriptedHost();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final HostShell shell = new HostShell(host, new PayloadFiles(null), new PrintWriter(out, true),
            new PrintWriter(err, true));

    @Test
    void aTwentyMegabyteLineIsRefusedWithoutBeingKept_andTheNextLineRuns() {
        Reader huge = new Reader() { // 20 MB of 'x', then a newline and "list": never held in memory at once
            private long left = 20_000_000;
            private boolean tail;

            @Override
            public int read(char[] b, int off, int len) {
                if (left > 0) {
                    int n = (int) Math.min(len, left);
                    java.util.Arrays.fill(b, off, off + n, 'x');
                    left -= n;
                    return n;
                }
                if (!tail) {
                    tail = true;
                    "\nlist\n".getChars(0, 6, b, off);
                    return 6;
                }
                return -1;
            }

            @Override
            public void close() {
            }
        };
        int status = shell.runLines(new BufferedReader(huge), null, true);
        assertThat(err.toString()).startsWith("error: a line over 65536 characters was not run").hasLineCount(1);
        assertThat(out.toString()).contains("# list").doesNotContain("xxxx");
        assertThat(status).isEqualTo(1);
    }

    @Test
    void escapeCodesInAnUnknownCommandAreShownNotSent() {
        shell.runLine("\u001b[2Jevil\u001b]0;title\u0007", true);
        assertThat(err.toString()).isEqualTo("Unrecognised command '\\x1b[2Jevil\\x1b]0;title\\x07' -- try 'help'\n");
        assertThat(out.toString()).doesNotContain("\u001b");
    }

    @Test
    void quotedPathsWithSpacesReachTheTool(@TempDir Path dir) throws Exception {
        Path f = Files.createDirectories(dir.resolve("my payloads")).resolve("hello world.livepatch");
        Files.write(f, new byte[] {0x7f, 'E', 'L', 'F'});
        shell.runLine("upload p '" + f + "'", false);
        assertThat(host.calls).containsExactly("upload p");
        shell.runLine("upload q \"" + f + "\"", false);
        assertThat(host.calls).containsExactly("upload p", "upload q");
    }

    @Test
    void anUnbalancedQuoteIsOneErrorLine() {
        assertThat(shell.runLine("upload p 'no end", false)).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("error: unbalanced ' in the line: close the quote: upload p 'no end\n");
        assertThat(host.calls).isEmpty();
    }

    @Test
    void shellWordsSplitAsAPosixShellDoesForPlainCommands() {
        assertThat(ShellWords.split("  upload  a\\ b \"c \\\"d\\\"\" 'e\\f'  ")).containsExactly("upload", "a b",
                "c \"d\"", "e\\f");
        assertThat(ShellWords.split("x''y")).containsExactly("xy");
        assertThatThrownBy(() -> ShellWords.split("a \"b")).hasMessageContaining("unbalanced \"");
    }

    @Test
    void aLineWithoutNewlineAtTheEndStillRuns() {
        shell.runLines(new BufferedReader(new StringReader("list")), null, true);
        assertThat(out.toString()).startsWith("# list\n");
    }
}
