package dev.quiesce.cluster.node;

import dev.quiesce.cluster.host.HostRunner;
import dev.quiesce.cluster.journal.JournalSettings;
import dev.quiesce.cluster.journal.RolloutJournal;
import dev.quiesce.cluster.rollout.FleetSpec;
import dev.quiesce.cluster.rollout.RolloutClient;
import dev.quiesce.fleet.rollout.RolloutResult;
import org.apache.pekko.actor.typed.ActorSystem;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A client process of a running cluster, as {@code quiesce fleet FILE --join SEED --journal URL --rollout-id ID}
 * runs it ({@code ClusterFleet.runJoined}): {@code java … ClientNode SEED URL USER FILE SEED-VALUE ID} (password from
 * {@value JournalSettings#PASSWORD_ENV}) joins through SEED as a client node, begins or re-attaches to rollout ID
 * with {@link RolloutClient}, prints "status STATE WAVES OUTCOMES OPEN PID" for each status it hears and "done HASH"
 * at the end, and exits.
 */
public final class ClientNode {

    private ClientNode() {
    }

    /** Runs the rollout to its end; exits 0, or 1 if it failed. */
    public static void main(String[] args) {
        JournalSettings j = new JournalSettings(args[1], args[2], JournalSettings.password(""));
        FleetSpec spec = new FleetSpec(args[3], List.of(), Long.parseLong(args[4]));
        ActorSystem<Void> system = ClusterNode.start(new NodeOptions("127.0.0.1", 0, List.of(args[0]), false,
                RolloutJournal.open(j.url(), j.user(), j.password()), HostRunner::driver, false));
        int exit = 1;
        try {
            RolloutResult r = new RolloutClient(system).run(args[5], spec, Duration.ofMinutes(4), s -> {
                System.out.println("status " + s.state() + " " + s.waves() + " " + s.outcomes() + " " + s.open()
                        + " " + s.pid());
                System.out.flush();
            });
            System.out.println("done " + r.traceHash());
            exit = 0;
        } finally {
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().join();
            System.out.flush();
            System.exit(exit);
        }
    }

    /** Starts a client process of {@code cluster} for rollout {@code id} of {@code spec}, its output in {@code log}. */
    static Process launch(LocalCluster cluster, JournalSettings journal, FleetSpec spec, String id, Path log) {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow", "-Xmx384m", "-cp", System.getProperty("java.class.path"),
                ClientNode.class.getName(), ClusterNode.hostPort(cluster.system()), journal.url(), journal.user(),
                spec.scenario(), Long.toString(spec.seed()), id));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put(JournalSettings.PASSWORD_ENV, journal.password());
        try {
            return pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
