package dev.quiesce.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code quiesce fleet --nodes}: the fleet on a local cluster of separate JVM processes gives the same answer. */
class FleetNodesTest {

    private static final String[] FLEET = {"fleet", "fleet-10k", "--set", "hosts=200", "--set", "canaries.emulated=0",
            "--set", "seed=\"0x2a\""};

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void fleet_givesTheSameTraceHashOnOneNodeAndOnThreeNodeProcesses() {
        CliRun local = CliRun.of(FLEET);
        CliRun oneNode = CliRun.of(concat("--nodes", "1"));
        CliRun threeNodes = CliRun.of(concat("--nodes", "3"));

        assertThat(local.exit()).as(local.err()).isZero();
        assertThat(oneNode.exit()).as(oneNode.err()).isZero();
        assertThat(threeNodes.exit()).as(threeNodes.err()).isZero();
        assertThat(hash(local)).startsWith("fleet-trace-hash=");
        assertThat(hash(oneNode)).isEqualTo(hash(local));
        assertThat(hash(threeNodes)).isEqualTo(hash(local));
    }

    @Test
    void node_rejectsAMalformedSeedNode() {
        CliRun r = CliRun.of("node", "--port", "0", "--seed-nodes", "localhost");

        assertThat(r.exit()).isEqualTo(Main.EXIT_ERROR);
        assertThat(r.err()).contains("a seed node is host:port");
    }

    @Test
    void node_withoutAJournal_saysWhichOneItNeeds() {
        CliRun r = CliRun.of("node", "--port", "0");

        assertThat(r.exit()).isEqualTo(Main.EXIT_ERROR);
        assertThat(r.err()).contains("a node needs the cluster's shared journal: --journal jdbc:postgresql://");
    }

    /** The run's {@code fleet-trace-hash=} line, or its whole output when it printed none. */
    private static String hash(CliRun r) {
        return r.lines().stream().filter(l -> l.startsWith("fleet-trace-hash=")).findFirst()
                .orElse("no hash:\n" + r.out() + r.err());
    }

    private static String[] concat(String... more) {
        return Stream.concat(Arrays.stream(FLEET), Arrays.stream(more)).toArray(String[]::new);
    }
}
