package dev.quiesce.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code quiesce fleet --nodes}: the fleet on a local cluster of separate JVM processes gives the same answer. */
class FleetNodesTest {

    private static final String[] FLEET = {"fleet", "fleet-10k", "--set", "hosts=200", "--set", "canaries.emulated=0",
            "--set", "seed=\"0x2a\""};

    private record Result(int exit, String out, String err) {

        String hash() {
            return out.lines().filter(l -> l.startsWith("fleet-trace-hash=")).findFirst().orElse("no hash:\n" + out
                    + err);
        }
    }

    private static Result quiesce(List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args.toArray(String[]::new));
        return new Result(exit, out.toString(), err.toString());
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void fleet_givesTheSameTraceHashOnOneNodeAndOnThreeNodeProcesses() {
        Result local = quiesce(List.of(FLEET));
        Result oneNode = quiesce(concat("--nodes", "1"));
        Result threeNodes = quiesce(concat("--nodes", "3"));

        assertThat(local.exit()).as(local.err()).isZero();
        assertThat(oneNode.exit()).as(oneNode.err()).isZero();
        assertThat(threeNodes.exit()).as(threeNodes.err()).isZero();
        assertThat(local.hash()).startsWith("fleet-trace-hash=");
        assertThat(oneNode.hash()).isEqualTo(local.hash());
        assertThat(threeNodes.hash()).isEqualTo(local.hash());
    }

    @Test
    void node_rejectsAMalformedSeedNode() {
        Result r = quiesce(List.of("node", "--port", "0", "--seed-nodes", "localhost"));

        assertThat(r.exit()).isEqualTo(Main.EXIT_ERROR);
        assertThat(r.err()).contains("a seed node is host:port");
    }

    @Test
    void node_withoutAJournal_saysWhichOneItNeeds() {
        Result r = quiesce(List.of("node", "--port", "0"));

        assertThat(r.exit()).isEqualTo(Main.EXIT_ERROR);
        assertThat(r.err()).contains("a node needs the cluster's shared journal: --journal jdbc:postgresql://");
    }

    private static List<String> concat(String... more) {
        return java.util.stream.Stream.concat(java.util.Arrays.stream(FLEET), java.util.Arrays.stream(more)).toList();
    }
}
