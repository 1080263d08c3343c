package dev.quiesce.fleetsim;

import dev.quiesce.cluster.node.ClusterNode;
import dev.quiesce.cluster.rollout.FleetSpec;
import dev.quiesce.cluster.journal.JournalServer;
import dev.quiesce.cluster.journal.JournalSettings;
import dev.quiesce.cluster.node.LocalCluster;
import dev.quiesce.cluster.node.NodeOptions;
import dev.quiesce.cluster.rollout.RolloutClient;
import dev.quiesce.cluster.journal.RolloutJournal;
import dev.quiesce.cluster.rollout.RolloutStatus;
import dev.quiesce.fleet.rollout.HostDriver;
import dev.quiesce.fleet.rollout.RolloutResult;
import dev.quiesce.fleet.scenario.FleetLayout;
import dev.quiesce.fleet.scenario.FleetScenario;
import org.apache.pekko.actor.typed.ActorSystem;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs a fleet scenario on Pekko Cluster: the hosts are sharded entities on host nodes, the rollout runs in the
 * rollout manager singleton on one of them, journaled; this process is a client node that begins the rollout, follows
 * it and rebuilds its result from the journal. Either on a local cluster it starts ({@code nodes} processes on
 * 127.0.0.1, journal served from here unless a database is given) or on an existing cluster it joins. Same scenario
 * and seed, same fleet trace hash as {@link FleetSimulation#run}.
 */
public final class ClusterFleet {

    private ClusterFleet() {
    }

    /** The hosts a node runs for {@code spec}'s fleet: emulated canaries, the rest modelled. */
    public static HostDriver drivers(FleetSpec spec) {
        FleetScenario s = spec.load();
        return FleetSimulation.drivers(s, new FleetLayout(s));
    }

    /**
     * Runs {@code scenario} as rollout {@code rolloutId} on {@code nodes} local host processes of {@code mainClass}
     * (blocking; stops them after), on {@code journal} (embedded: an H2 database served from this process).
     */
    public static FleetSimulation runLocal(FleetScenario scenario, int nodes, String mainClass, JournalSettings journal,
                                           String rolloutId, Duration timeout, PrintWriter out) {
        Path dir = null;
        JournalServer server = null;
        try {
            JournalSettings j = journal;
            if (journal.embedded()) {
                dir = Files.createTempDirectory("quiesce-journal");
                server = RolloutJournal.serve(dir);
                j = server.settings();
            }
            try (LocalCluster cluster = LocalCluster.start(nodes, mainClass, j, Duration.ofSeconds(90))) {
                out.println("cluster: " + nodes + " host node(s) up, journal " + j.url());
                out.flush();
                return run(cluster.system(), scenario, rolloutId, timeout, progress(out));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (server != null) {
                server.close();
            }
            deleteQuietly(dir);
        }
    }

    /** Runs {@code scenario} as rollout {@code rolloutId} on the cluster of seed node {@code join} (blocking). */
    public static FleetSimulation runJoined(FleetScenario scenario, String hostname, List<String> join,
                                            JournalSettings journal, String rolloutId, Duration timeout,
                                            PrintWriter out) {
        if (journal.embedded()) {
            throw new IllegalArgumentException("joining a cluster needs the cluster's journal database: --journal"
                    + " jdbc:postgresql://HOST:5432/quiesce (the embedded journal is for --nodes on one machine)");
        }
        ActorSystem<Void> system = ClusterNode.start(new NodeOptions(hostname, 0, join, false,
                RolloutJournal.open(journal.url(), journal.user(), journal.password()), ClusterFleet::drivers, false));
        try {
            return run(system, scenario, rolloutId, timeout, progress(out));
        } finally {
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().join();
        }
    }

    private static FleetSimulation run(ActorSystem<?> system, FleetScenario scenario, String rolloutId,
                                       Duration timeout, Consumer<RolloutStatus> progress) {
        FleetSpec spec = new FleetSpec(scenario.source(), scenario.sets(), scenario.seed());
        RolloutResult result = new RolloutClient(system).run(rolloutId, spec, timeout, progress);
        return new FleetSimulation(scenario, new FleetLayout(scenario), result);
    }

    /** Prints a status line whenever the rollout's node, wave or state changes. */
    private static Consumer<RolloutStatus> progress(PrintWriter out) {
        RolloutStatus[] last = {null};
        return s -> {
            RolloutStatus l = last[0];
            if (l == null || l.pid() != s.pid() || l.waves() != s.waves() || l.state() != s.state()) {
                String state = s.state().name().toLowerCase(java.util.Locale.ROOT);
                out.println("rollout " + s.rolloutId() + ": " + switch (s.state()) {
                    case RUNNING -> state + ", wave " + s.waves() + ", " + s.outcomes() + " host outcomes, "
                            + s.open() + " commands open";
                    case DONE -> state + ", fleet trace hash " + s.traceHash();
                    case FAILED -> state + ": " + s.detail();
                    case UNKNOWN -> state;
                } + " (node " + s.node() + ", pid " + s.pid() + ")");
                out.flush();
            }
            last[0] = s;
        };
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a leftover journal in the temp directory is harmless
        }
    }
}
