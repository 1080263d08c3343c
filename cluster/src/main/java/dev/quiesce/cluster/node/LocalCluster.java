package dev.quiesce.cluster.node;

import dev.quiesce.cluster.host.HostRunner;
import dev.quiesce.cluster.host.HostsUp;
import dev.quiesce.cluster.journal.JournalSettings;
import dev.quiesce.cluster.journal.RolloutJournal;
import com.typesafe.config.Config;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A local cluster on 127.0.0.1: this process as a client node (the first node, which the others join; it holds no
 * hosts) and {@code nodes} host nodes as separate JVM processes running {@code MAIN node --port 0 --seed-nodes SELF
 * --journal URL …} on this process's class path, all on one shared journal. Closing it stops the processes (they
 * leave the cluster; forcibly if they linger), then this node.
 */
public final class LocalCluster implements AutoCloseable {

    private final ActorSystem<Void> system;
    private final JournalSettings journal;
    private final List<Process> processes = new ArrayList<>();
    private final List<String> nodeArgs;
    private final Path logs;
    private boolean keepLogs;

    private LocalCluster(ActorSystem<Void> system, JournalSettings journal, List<String> nodeArgs, Path logs) {
        this.system = system;
        this.journal = journal;
        this.nodeArgs = List.copyOf(nodeArgs);
        this.logs = logs;
    }

    /**
     * Starts this node and {@code nodes} host processes of {@code mainClass}, and waits up to {@code timeout} for
     * them to be up.
     *
     * @throws IllegalStateException if they were not up in time (the message names their logs)
     */
    public static LocalCluster start(int nodes, String mainClass, JournalSettings journal, Duration timeout) {
        return start(nodes, mainClass, List.of(), journal, timeout);
    }

    /**
     * Starts this node and {@code nodes} host processes of {@code mainClass}, each given {@code nodeArgs} after the
     * node's own arguments (a main class of its own may read them), and waits up to {@code timeout} for them to be up.
     *
     * @throws IllegalStateException if they were not up in time (the message names their logs)
     */
    public static LocalCluster start(int nodes, String mainClass, List<String> nodeArgs, JournalSettings journal,
                                     Duration timeout) {
        return start(nodes, mainClass, nodeArgs, journal, timeout, null);
    }

    /**
     * Starts this node and {@code nodes} host processes of {@code mainClass} as {@link #start(int, String, List,
     * JournalSettings, Duration)} does, except that the last one is started only once the others are up — so it is
     * the youngest host node, never the oldest, where the rollout manager singleton runs — with {@code lastJvmOptions}
     * on its java command line before the class path (e.g. {@code -Dpekko.…=…}: settings of its own, over the others'
     * configuration). {@code null} starts them all at once, alike.
     *
     * @throws IllegalStateException if they were not up in time (the message names their logs)
     */
    public static LocalCluster start(int nodes, String mainClass, List<String> nodeArgs, JournalSettings journal,
                                     Duration timeout, List<String> lastJvmOptions) {
        if (nodes < 1 || nodes > 32) {
            throw new IllegalArgumentException("--nodes must be 1..32: " + nodes);
        }
        if (journal.embedded()) {
            throw new IllegalArgumentException("a local cluster needs a served journal URL, not 'embedded'");
        }
        LocalCluster c;
        try {
            Config config = RolloutJournal.open(journal.url(), journal.user(), journal.password());
            c = new LocalCluster(ClusterNode.start(new NodeOptions("127.0.0.1", 0, List.of(), false, config,
                    HostRunner::driver, false)), journal, nodeArgs, Files.createTempDirectory("quiesce-nodes"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            int together = lastJvmOptions == null ? nodes : nodes - 1;
            for (int i = 1; i <= together; i++) {
                c.processes.add(c.launch(mainClass, i, List.of()));
            }
            c.awaitHostsUp(together, timeout, "hosts-up");
            if (together < nodes) {
                c.processes.add(c.launch(mainClass, nodes, lastJvmOptions));
                c.awaitHostsUp(nodes, timeout, "hosts-up-last");
            }
            return c;
        } catch (RuntimeException e) {
            c.keepLogs = true;
            c.close();
            throw new IllegalStateException(nodes + " host nodes were not up within " + timeout + " (logs: " + c.logs
                    + "): " + e, e);
        }
    }

    /** This node's actor system (the client's). */
    public ActorSystem<Void> system() {
        return system;
    }

    /** The host node processes, in the order started. */
    public List<Process> processes() {
        return List.copyOf(processes);
    }

    /** Where node {@code i}'s (1..) output goes. */
    public Path log(int i) {
        return logs.resolve("node-" + i + ".log");
    }

    private void awaitHostsUp(int hosts, Duration timeout, String name) {
        CompletableFuture<Void> up = new CompletableFuture<>();
        system.systemActorOf(HostsUp.create(hosts, up), name, Props.empty());
        up.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).join();
    }

    private Process launch(String mainClass, int i, List<String> jvmOptions) {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow", "-Xmx512m"));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass, "node", "--port", "0",
                "--seed-nodes", ClusterNode.hostPort(system), "--journal", journal.url(),
                "--journal-user", journal.user(), "--watch-pid", Long.toString(ProcessHandle.current().pid())));
        cmd.addAll(nodeArgs);
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log(i).toFile());
            pb.environment().put(JournalSettings.PASSWORD_ENV, journal.password());
            return pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start node " + i + ": " + e.getMessage(), e);
        }
    }

    /**
     * Stops the host processes (they leave the cluster while this node is still up; forcibly after 15 s), then this
     * node; deletes the nodes' logs unless start-up failed.
     */
    @Override
    public void close() {
        for (Process p : processes) {
            p.destroy();
        }
        for (Process p : processes) {
            try {
                if (!p.waitFor(15, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().orTimeout(15, TimeUnit.SECONDS).exceptionally(e -> null).join();
        if (!keepLogs) {
            try (var files = Files.list(logs)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
                Files.deleteIfExists(logs);
            } catch (IOException e) {
                // leftover logs in the temp directory are harmless
            }
        }
    }
}
