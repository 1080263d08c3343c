package dev.quiesce.cluster.node;

import dev.quiesce.cluster.host.HostEntity;
import dev.quiesce.cluster.host.HostLog;
import dev.quiesce.cluster.journal.JournalSettings;
import dev.quiesce.cluster.journal.TestPostgres;
import dev.quiesce.cluster.rollout.FleetSpec;
import dev.quiesce.cluster.rollout.PersistentRollout;
import dev.quiesce.cluster.rollout.RolloutClient;
import dev.quiesce.cluster.rollout.RolloutEvent;
import dev.quiesce.cluster.rollout.RolloutStatus;
import dev.quiesce.fleet.rollout.RolloutResult;
import dev.quiesce.fleet.rollout.RolloutRunner;
import dev.quiesce.fleet.scenario.FleetLayout;
import dev.quiesce.fleet.scenario.FleetScenario;
import dev.quiesce.fleet.scenario.ModelledDriver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One faulted rollout on a local cluster of three host node processes sharing a PostgreSQL journal, for {@link
 * ClusterFailoverTest}: the fleet, its undisturbed in-process result, the cluster, the fault done mid-wave, and the
 * checks that the rollout ended as undisturbed with every command accepted once.
 */
final class FailoverRun {

    /**
     * 120 modelled hosts of 64 and 128 CPUs in 5 waves (8, 16, 32, 32, 32), each with a CPU in 4–12 ms of
     * non-preemptible work when the apply comes: the 2 ms barrier times out until it is done, and {@code
     * fixed(8,1ms)} gets through — about 80 ms of work per host, so a wave is in flight long enough to fault it.
     */
    static final String FLEET = """
            name = failover
            hosts = 120
            classes = [
              { name = sixtyfour, share = 0.5, cpus = 64, model = xen-default,
                stragglers = { share = 1.0, cpus = 1, lead = 5us, length = [4ms, 8ms, 12ms] } }
              { name = big, share = 0.5, cpus = 128, model = xen-default,
                stragglers = { share = 1.0, cpus = 1, lead = 5us, length = [4ms, 8ms, 12ms] } }
            ]
            payloads = [xen_hello_world, xen_bye_world]
            barrier.timeout = 2ms
            retry = "fixed(8,1ms)"
            rollout { canary-size = 8, growth-factor = 2, max-concurrent = 32, failure-threshold = 0.5, pause = 1s }
            """;
    /** The hosts before the third wave (8 + 16): {@code order().get(FIRST_OF_WAVE_3)} is in the third wave. */
    static final int FIRST_OF_WAVE_3 = 24;

    /**
     * The fault: done to {@code cluster} while the rollout runs as {@code running} says ({@code heard} collects the
     * statuses heard so far and from now on); returns the pid faulted, or 0.
     */
    interface Fault {
        long apply(LocalCluster cluster, RolloutStatus running, RolloutClient client, String rolloutId,
                   List<RolloutStatus> heard) throws Exception;
    }

    /**
     * How the cluster is started: its host nodes' main class and extra arguments, its journal, and the JVM options of
     * a last host node started once the others are up (null: all started at once, alike; see {@link
     * LocalCluster#start(int, String, List, JournalSettings, Duration, List)}).
     */
    record Nodes(String mainClass, List<String> args, JournalSettings journal, List<String> lastJvmOptions) {
        Nodes(String mainClass, List<String> args, JournalSettings journal) {
            this(mainClass, args, journal, null);
        }

        static Nodes plain() {
            return new Nodes(NodeMain.class.getName(), List.of(), TestPostgres.settings());
        }
    }

    /**
     * What a faulted run showed: the status when faulted, every status heard after the fault (and when, in
     * nanoseconds after the fault returned), whether the faulted process had exited before the cluster was stopped,
     * its log, and the other nodes' logs.
     */
    record Observed(String rolloutId, long faulted, RolloutStatus at, List<RolloutStatus> after, List<Long> afterNanos,
                    boolean faultedExited, String faultedLog, String survivorLogs) {

        /** Seconds from the fault's end to the first status after it that {@code p} accepts. */
        double secondsUntil(Predicate<RolloutStatus> p) {
            for (int i = 0; i < after.size(); i++) {
                if (p.test(after.get(i))) {
                    return afterNanos.get(i) / 1e9;
                }
            }
            throw new AssertionError("no status after the fault matched; heard " + after);
        }

        /** The first status after the fault with outcomes beyond {@code outcomes}, from a process other than the
         * faulted one. */
        RolloutStatus firstWithOutcomesBeyond(int outcomes) {
            return after.stream().filter(st -> st.state() == RolloutStatus.State.RUNNING && st.outcomes() > outcomes
                    && st.pid() != faulted).findFirst().orElse(after.getLast());
        }

        int recoveredElsewhere() {
            return (int) survivorLogs.lines().filter(l -> l.contains("recovered from its journal")).count();
        }
    }

    private FailoverRun() {
    }

    /** The fleet spec of {@link #FLEET}, written to {@code dir}. */
    static FleetSpec spec(Path dir) throws IOException {
        Path file = dir.resolve("failover.conf");
        Files.writeString(file, FLEET);
        return new FleetSpec(file.toString(), List.of(), 0x5eedL);
    }

    /** The result of {@code spec}'s rollout in this process, without a cluster. */
    static RolloutResult undisturbed(FleetSpec spec) {
        FleetScenario s = spec.load();
        return RolloutRunner.run(spec.rollouts().get(), new ModelledDriver(s, new FleetLayout(s)), 2);
    }

    /**
     * Runs the fleet on a cluster of {@code nodes}, applies {@code fault} once the third wave is in flight (16
     * commands open or more), and checks that it ends as undisturbed with each command accepted once.
     */
    static Observed runWith(Path dir, Nodes nodes, Fault fault) throws Exception {
        return runWith(dir, nodes, st -> st.waves() >= 3 && st.open() >= 16, fault);
    }

    /**
     * Runs the fleet on a cluster of {@code nodes}, applies {@code fault} at the first running status {@code when}
     * accepts, and checks that it ends as undisturbed with each command accepted once.
     */
    static Observed runWith(Path dir, Nodes nodes, Predicate<RolloutStatus> when, Fault fault) throws Exception {
        FleetSpec spec = spec(dir);
        RolloutResult undisturbed = undisturbed(spec);
        String id = "failover-" + UUID.randomUUID();
        List<RolloutStatus> heard = new CopyOnWriteArrayList<>();
        List<Long> heardAt = new CopyOnWriteArrayList<>();
        try (LocalCluster cluster = LocalCluster.start(3, nodes.mainClass(), nodes.args(), nodes.journal(),
                Duration.ofSeconds(90), nodes.lastJvmOptions())) {
            RolloutClient client = new RolloutClient(cluster.system());
            CompletableFuture<RolloutResult> result = CompletableFuture.supplyAsync(
                    () -> client.run(id, spec, Duration.ofMinutes(4), st -> {
                        heardAt.add(System.nanoTime());
                        heard.add(st);
                    }));
            RolloutStatus at;
            long faulted;
            long t0;
            int mark;
            try {
                at = awaitStatus(heard, st -> st.state() == RolloutStatus.State.RUNNING && when.test(st), result);
                faulted = fault.apply(cluster, at, client, id, heard);
                t0 = System.nanoTime();
                mark = heard.size();
                RolloutResult r = result.get(5, TimeUnit.MINUTES);

                assertThat(r.traceHash()).isEqualTo(undisturbed.traceHash());
                assertThat(r).usingRecursiveComparison().isEqualTo(undisturbed);
                assertEachCommandAcceptedOnce(client, id, spec.load().hosts());
            } catch (Exception | AssertionError e) {
                printLogs(cluster); // the nodes' logs are deleted with the cluster: show them with the failure
                throw e;
            }
            List<Process> procs = cluster.processes();
            int victim = procs.stream().map(Process::pid).toList().indexOf(faulted);
            boolean exited = victim >= 0
                    && procs.get(victim).onExit().completeOnTimeout(null, 60, TimeUnit.SECONDS).join() != null;
            StringBuilder survivors = new StringBuilder();
            for (int i = 0; i < procs.size(); i++) {
                if (i != victim) {
                    survivors.append(Files.readString(cluster.log(i + 1)));
                }
            }
            return new Observed(id, faulted, at, List.copyOf(heard.subList(mark, heard.size())),
                    heardAt.subList(mark, heardAt.size()).stream().map(t -> t - t0).toList(), exited,
                    victim >= 0 ? Files.readString(cluster.log(victim + 1)) : "", survivors.toString());
        }
    }

    private static void printLogs(LocalCluster cluster) throws IOException {
        for (int i = 1; i <= cluster.processes().size(); i++) {
            System.out.println("---- node " + i + " (" + cluster.processes().get(i - 1).pid() + ") log:");
            System.out.println(Files.readString(cluster.log(i)));
        }
    }

    /** The pids of the host nodes whose shard region holds host entity {@code entity} ({@link ShardRegions}). */
    static List<Long> holders(LocalCluster cluster, String entity) throws Exception {
        List<Long> holders = new ArrayList<>();
        for (Map.Entry<Long, String> node : ShardRegions.nodes(cluster).entrySet()) {
            if (ShardRegions.entities(cluster, node.getValue()).contains(entity)) {
                holders.add(node.getKey());
            }
        }
        return holders;
    }

    /** Every host's journal has each action id once, and the hosts' commands are those the rollout issued. */
    static void assertEachCommandAcceptedOnce(RolloutClient client, String id, int hosts) {
        Map<Integer, List<Long>> actions = new TreeMap<>();
        for (int h = 0; h < hosts; h++) {
            List<Long> ids = new ArrayList<>();
            for (Object e : client.events("host-" + HostEntity.entityId(id, h))) {
                ids.add(((HostLog.Accepted) e).actionId());
            }
            actions.put(h, ids);
        }
        List<Long> all = actions.values().stream().flatMap(List::stream).toList();
        assertThat(all).as("no action accepted twice on any host").doesNotHaveDuplicates();
        long issued = client.events(PersistentRollout.persistenceId(id)).stream()
                .filter(e -> e instanceof RolloutEvent.CommandIssued).count();
        assertThat(all).as("every issued command accepted exactly once").hasSize((int) issued);
    }

    /** The first status heard that {@code p} accepts (polling what {@code heard} collects). */
    static RolloutStatus awaitStatus(List<RolloutStatus> heard, Predicate<RolloutStatus> p,
                                     CompletableFuture<?> running) throws InterruptedException {
        for (int i = 0; i < 1200; i++) {
            for (RolloutStatus st : heard) {
                if (p.test(st)) {
                    return st;
                }
            }
            if (running.isDone()) {
                running.join();
                throw new AssertionError("the rollout ended before the fault; heard " + heard);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no status matched in 2 minutes; heard " + heard);
    }

    /** Waits (polling every 50 ms, up to {@code limit}) until {@code done}; fails naming {@code what}. */
    static void await(String what, Duration limit, BooleanSupplier done) throws InterruptedException {
        for (long waited = 0; !done.getAsBoolean(); waited += 50) {
            if (waited > limit.toMillis()) {
                throw new AssertionError("not within " + limit + ": " + what);
            }
            Thread.sleep(50);
        }
    }

    /** Sends signal {@code sig} to process {@code pid}. */
    static void signal(String sig, long pid) {
        try {
            new ProcessBuilder("kill", "-" + sig, Long.toString(pid)).inheritIO().start().waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
