package dev.quiesce.cli.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiesce.cli.host.LivepatchHost.Entry;
import dev.quiesce.cli.host.LivepatchHost.Reply;
import dev.quiesce.cli.host.LivepatchHost.State;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The paths of xen-livepatch's {@code action_func()} ({@code tools/misc/xen-livepatch.c}) that need an
 * action still in flight or failing in the quiesced window, on a host whose results the test sets.
 */
class LivepatchToolTest {

    private final ScriptedHost host = new ScriptedHost();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final HostShell shell = new HostShell(host, new PayloadFiles(null), new PrintWriter(out, true),
            new PrintWriter(err, true));

    @Test
    void action_onAPayloadWhoseRcIsEagain_refusesWithOperationAlreadyInProgressAndExit2() {
        host.payloads.put("p", new Entry("p", State.CHECKED, -11, ""));
        assertThat(shell.runLine("apply p", false)).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("Cannot execute apply.\nOperation already in progress.\n");
        assertThat(host.calls).isEmpty();
    }

    @Test
    void action_stillInProgressAtTheOneGet_printsOperationDidntCompleteAndExit2() {
        host.payloads.put("p", new Entry("p", State.CHECKED, 0, ""));
        host.afterAction = new Entry("p", State.CHECKED, -11, "");
        assertThat(shell.runLine("apply p", false)).isEqualTo(2);
        assertThat(out.toString()).isEqualTo("Performing apply:. failed\n");
        assertThat(err.toString()).isEqualTo("Operation didn't complete.\n");
        assertThat(host.calls).containsExactly("APPLY p flags=0 timeout=30000000");
    }

    @Test
    void action_thatFailsInTheQuiescedWindow_printsFailedWithAndTheErrno() {
        host.payloads.put("p", new Entry("p", State.CHECKED, 0, ""));
        host.afterAction = new Entry("p", State.CHECKED, -16, "the rendezvous timed out; retry");
        assertThat(shell.runLine("apply p", false)).isEqualTo(2); // EBUSY: retry
        host.afterAction = new Entry("p", State.CHECKED, -22, "");
        assertThat(shell.runLine("apply p", false)).isEqualTo(1);
        assertThat(out.toString()).isEqualTo("Performing apply:. failed\nPerforming apply:. failed\n");
        assertThat(err.toString()).isEqualTo("p failed with 16(Device or resource busy)\nthe rendezvous timed out; retry\n"
                + "p failed with 22(Invalid argument)\n");
    }

    @Test
    void load_whoseApplyFails_unloadsThePayloadAgain(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("x.livepatch"), new byte[] {0x7f, 'E', 'L', 'F'});
        host.actionReply = new Reply(-22, "depends on another build-id");
        assertThat(shell.runLine("load " + dir.resolve("x.livepatch") + " --nodeps", false)).isEqualTo(1);
        assertThat(host.calls).containsExactly("upload x", "APPLY x flags=1 timeout=30000000",
                "UNLOAD x flags=0 timeout=30000000");
        assertThat(err.toString()).isEqualTo("Error 22: Invalid argument\ndepends on another build-id\n"
                + "Error 22: Invalid argument\ndepends on another build-id\n");
    }

    @Test
    void list_printsANonZeroRcAfterTheStateAsXenDoes() {
        host.payloads.put("p", new Entry("p", State.APPLIED, -11, ""));
        assertThat(shell.runLine("list", false)).isZero();
        assertThat(out.toString()).isEqualTo("""
                 ID                                     | status
                ----------------------------------------+------------
                p                                       | APPLIED (11, Resource temporarily unavailable)
                """);
    }

    @Test
    void commands_matchByPrefixInXensOrder_andUnknownOnesExit1() {
        host.payloads.put("p", new Entry("p", State.APPLIED, 0, ""));
        assertThat(shell.runLine("l", false)).isZero(); // list, before load
        assertThat(out.toString()).startsWith(" ID ");
        assertThat(shell.runLine("ap p", false)).isZero(); // apply: already APPLIED
        assertThat(out.toString()).endsWith("No action needed.\n");
        assertThat(shell.runLine("un p", false)).isEqualTo(1); // unload needs CHECKED
        assertThat(err.toString()).isEqualTo("p is in the wrong state.\nCurrent state: APPLIED\nExpected state: CHECKED\n");
        assertThat(host.calls).isEmpty();
        assertThat(shell.runLine("frobnicate p", false)).isEqualTo(1);
        assertThat(err.toString()).endsWith("Unrecognised command 'frobnicate' -- try 'help'\n");
    }

    @Test
    void names_longerThanXenLivepatchNameSize_areRefusedWithEinval() {
        assertThat(shell.runLine("apply " + "n".repeat(129), false)).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("ID must be no more than 128 characters.\n");
    }

    @Test
    void session_exitsWithTheLastNonZeroStatus() {
        host.payloads.put("p", new Entry("p", State.CHECKED, -11, ""));
        assertThat(shell.runScript("apply p; list; revert q; list", false)).isEqualTo(1);
        assertThat(shell.runScript("list; apply p; list", false)).isEqualTo(2);
        assertThat(shell.runScript("list; quit; apply p", false)).isZero();
    }
}
