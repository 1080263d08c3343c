package dev.quiesce.cluster.node;

import dev.quiesce.cluster.host.HostRunner;
import dev.quiesce.cluster.rollout.FleetSpec;
import dev.quiesce.fleet.rollout.HostDriver;
import dev.quiesce.cluster.journal.JournalSettings;
import dev.quiesce.cluster.journal.RolloutJournal;
import com.typesafe.config.ConfigFactory;
import org.apache.pekko.actor.typed.ActorSystem;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * A host node process of the fleet with modelled hosts only: {@code java -cp … dev.quiesce.cluster.node.NodeMain node
 * --port P [--host H] [--seed-nodes h:p,…] --journal URL [--journal-user U] [--watch-pid PID]} (the password comes
 * from {@value JournalSettings#PASSWORD_ENV}). {@code quiesce node} is the same with emulated canaries too.
 */
public final class NodeMain {

    private NodeMain() {
    }

    /** Starts the node and runs until it stops; exits 2 on a bad argument. */
    public static void main(String[] args) {
        main(args, HostRunner::driver);
    }

    /**
     * Starts the node with host entities running what {@code drivers} makes for a fleet, and runs until it stops;
     * exits 2 on a bad argument.
     */
    public static void main(String[] args, Function<FleetSpec, HostDriver> drivers) {
        try {
            List<String> a = new ArrayList<>(Arrays.asList(args));
            if (!a.isEmpty() && a.getFirst().equals("node")) {
                a.removeFirst();
            }
            String host = "127.0.0.1";
            int port = -1;
            List<String> seeds = List.of();
            String url = null;
            String user = null;
            long watch = 0;
            for (int i = 0; i < a.size(); i += 2) {
                String value = i + 1 < a.size() ? a.get(i + 1) : "";
                switch (a.get(i)) {
                    case "--host" -> host = value;
                    case "--port" -> port = Integer.parseInt(value);
                    case "--seed-nodes" -> seeds = List.of(value.split(","));
                    case "--journal" -> url = value;
                    case "--journal-user" -> user = value;
                    case "--watch-pid" -> watch = Long.parseLong(value);
                    default -> throw new IllegalArgumentException("unknown option " + a.get(i) + "; legal: --host"
                            + " --port --seed-nodes --journal --journal-user --watch-pid");
                }
            }
            if (port < 0 || url == null) {
                throw new IllegalArgumentException("--port and --journal are required");
            }
            JournalSettings j = JournalSettings.resolve(ConfigFactory.load(), url, user);
            serve(new NodeOptions(host, port, seeds, true, RolloutJournal.open(j.url(), j.user(), j.password()),
                    drivers, true), watch, System.out);
        } catch (IllegalArgumentException e) {
            System.err.println("quiesce node: " + e.getMessage());
            System.exit(2);
        }
    }

    /**
     * Starts a node of {@code options}, says where it is up on {@code out}, stops it when process {@code watchPid}
     * exits (0 = none), and returns once it stopped.
     */
    public static void serve(NodeOptions options, long watchPid, PrintStream out) {
        ActorSystem<Void> system = ClusterNode.start(options);
        if (watchPid > 0) {
            ProcessHandle.of(watchPid).ifPresentOrElse(p -> p.onExit().thenRun(system::terminate), system::terminate);
        }
        out.println("node up at " + ClusterNode.hostPort(system) + " (pid " + ProcessHandle.current().pid() + ")");
        out.flush();
        system.getWhenTerminated().toCompletableFuture().join();
    }
}
