package dev.quiesce.cluster.node;

import dev.quiesce.cluster.host.HostEntity;
import dev.quiesce.cluster.host.HostLog;
import dev.quiesce.cluster.rollout.FleetSpec;
import dev.quiesce.cluster.rollout.PersistentRollout;
import dev.quiesce.cluster.rollout.RolloutClient;
import dev.quiesce.cluster.rollout.RolloutEvent;
import dev.quiesce.cluster.rollout.RolloutStatus;
import dev.quiesce.cluster.journal.TestPostgres;
import dev.quiesce.fleet.rollout.RolloutResult;
import dev.quiesce.fleet.rollout.RolloutRunner;
import dev.quiesce.fleet.scenario.FleetLayout;
import dev.quiesce.fleet.scenario.FleetScenario;
import dev.quiesce.fleet.scenario.ModelledDriver;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Faults on a local cluster of three host node processes sharing a PostgreSQL journal (see {@link TestPostgres}):
 * kill -9 of the node running the rollout singleton, kill -9 of a node holding host entities, and a node cut off
 * (SIGSTOP: its peers hear nothing, as in a partition) until the split brain resolver downs it. Each time the rollout
 * ends as an undisturbed in-process run of the same fleet — same outcome per host, same fleet trace hash — and every
 * host's journal shows each command accepted once.
 */
class ClusterFailoverTest {

    /**
     * 120 modelled hosts of 64 and 128 CPUs in 5 waves (8, 16, 32, 32, 32), each with a CPU in 4–12 ms of
     * non-preemptible work when the apply comes: the 2 ms barrier times out until it is done, and {@code
     * fixed(8,1ms)} gets through — about 80 ms of work per host, so a wave is in flight long enough to fault it.
     */
    private static final String FLEET = """
            name = failover
            hosts = 120
            classes = [
              { name = sixtyfour, share = 0.5, cpus = 64, model = xen-default,
                stragglers = { share = 1.0, cpus = 1, lead = 5us, length = [4ms, 8ms, 12ms] } }
              { name = big, share = 0.5, cpus = 128, model = xen-default,
                stragglers = { share = 1.0, cpus = 1, lead = 5us, length = [4ms, 8ms, 12ms] } }
            ]
            payloads = [p1, p2]
            barrier.timeout = 2ms
            retry = "fixed(8,1ms)"
            rollout { canary-size = 8, growth-factor = 2, max-concurrent = 32, failure-threshold = 0.5, pause = 1s }
            """;

    @BeforeAll
    static void postgresIsUp() {
        TestPostgres.assertUp();
    }

    @Test
    void killingTheSingletonsNode_movesTheRollout_whichResumesFromTheJournalAndEndsAsUndisturbed(@TempDir Path dir)
            throws Exception {
        Fault kill = (cluster, running, client, id) -> {
            long pid = running.pid();
            ProcessHandle.of(pid).orElseThrow().destroyForcibly();
            return pid;
        };
        Observed o = runWith(dir, kill);

        assertThat(o.after().pid()).as("the rollout runs on another node after the kill").isNotEqualTo(o.faulted());
        System.out.printf("singleton node (pid %d) killed at wave %d (%d outcomes): the rollout answered from pid %d"
                + " with new outcomes after %.1f s%n", o.faulted(), o.at().waves(), o.at().outcomes(), o.after().pid(),
                o.recoverySeconds());
    }

    @Test
    void killingANodeHoldingHosts_recreatesThemElsewhere_andNoHostRunsACommandTwice(@TempDir Path dir)
            throws Exception {
        // kill -9 a node that does not run the rollout while a wave is in flight; whichever of its hosts had
        // accepted a command and not answered come back on the other nodes from their journals
        Fault kill = (cluster, running, client, id) -> {
            Process victim = cluster.processes().stream().filter(p -> p.pid() != running.pid()).findFirst()
                    .orElseThrow();
            victim.destroyForcibly();
            return victim.pid();
        };
        Observed o = runWith(dir, kill);

        assertThat(o.after().pid()).as("the singleton stayed where it was").isEqualTo(o.at().pid());

        System.out.printf("host node (pid %d) killed at wave %d: new outcomes after %.1f s; %d host entities"
                + " recovered on the other nodes%n", o.faulted(), o.at().waves(), o.recoverySeconds(),
                o.recoveredElsewhere());
    }

    @Test
    void aNodeCutOffFromTheOthers_isDownedByTheSplitBrainResolver_andTheRolloutEndsAsUndisturbed(@TempDir Path dir)
            throws Exception {
        Fault cutOff = (cluster, running, client, id) -> {
            Process victim = cluster.processes().stream().filter(p -> p.pid() != running.pid()).findFirst()
                    .orElseThrow();
            signal("STOP", victim.pid());
            CompletableFuture.delayedExecutor(15, TimeUnit.SECONDS).execute(() -> signal("CONT", victim.pid()));
            return victim.pid();
        };
        Observed o = runWith(dir, cutOff);

        assertThat(o.faultedExited()).as("the downed node exits by itself once it runs again (its peers removed it);"
                + " its log:\n" + o.faultedLog()).isTrue();
        System.out.printf("node (pid %d) stopped for 15 s at wave %d: downed, exited by itself; %d host entities"
                + " recovered on the other nodes%n", o.faulted(), o.at().waves(), o.recoveredElsewhere());
    }

    /** A fault done to {@code cluster} while the rollout runs as {@code running} says; returns the faulted pid. */
    private interface Fault {
        long apply(LocalCluster cluster, RolloutStatus running, RolloutClient client, String rolloutId)
                throws Exception;
    }

    /**
     * What a faulted run showed: the status when faulted, the first status with new outcomes after it, whether the
     * faulted process had exited before the cluster was stopped, its log, and how many host entities the other
     * nodes recovered from their journals.
     */
    private record Observed(String rolloutId, long faulted, RolloutStatus at, RolloutStatus after,
                            double recoverySeconds, boolean faultedExited, String faultedLog, String survivorLogs) {

        int recoveredElsewhere() {
            return (int) survivorLogs.lines().filter(l -> l.contains("recovered from its journal")).count();
        }
    }

    private static Observed runWith(Path dir, Fault fault) throws Exception {
        Path file = dir.resolve("failover.conf");
        Files.writeString(file, FLEET);
        FleetSpec spec = new FleetSpec(file.toString(), List.of(), 0x5eedL);
        FleetScenario s = spec.load();
        RolloutResult undisturbed = RolloutRunner.run(spec.rollouts().get(), new ModelledDriver(s, new FleetLayout(s)),
                2);
        String id = "failover-" + UUID.randomUUID();
        List<RolloutStatus> heard = new CopyOnWriteArrayList<>();
        List<Long> heardAt = new CopyOnWriteArrayList<>();
        try (LocalCluster cluster = LocalCluster.start(3, NodeMain.class.getName(), TestPostgres.settings(),
                Duration.ofSeconds(90))) {
            RolloutClient client = new RolloutClient(cluster.system());
            CompletableFuture<RolloutResult> result = CompletableFuture.supplyAsync(
                    () -> client.run(id, spec, Duration.ofMinutes(4), st -> {
                        heardAt.add(System.nanoTime());
                        heard.add(st);
                    }));
            RolloutStatus at = awaitStatus(heard, st -> st.state() == RolloutStatus.State.RUNNING && st.waves() >= 3 && st.open() >= 16,
                    result);
            long faulted = fault.apply(cluster, at, client, id);
            long t0 = System.nanoTime();
            int mark = heard.size();
            RolloutResult r = result.get(5, TimeUnit.MINUTES);
            int firstAfter = mark;
            while (firstAfter < heard.size() - 1 && !(heard.get(firstAfter).state() == RolloutStatus.State.RUNNING
                    && heard.get(firstAfter).outcomes() > at.outcomes() && heard.get(firstAfter).pid() != faulted)) {
                firstAfter++;
            }
            RolloutStatus after = heard.get(firstAfter);
            double seconds = (heardAt.get(firstAfter) - t0) / 1e9;

            assertThat(r.traceHash()).isEqualTo(undisturbed.traceHash());
            assertThat(r).usingRecursiveComparison().isEqualTo(undisturbed);
            assertEachCommandAcceptedOnce(client, id, s.hosts());
            List<Process> nodes = cluster.processes();
            int victim = nodes.stream().map(Process::pid).toList().indexOf(faulted);
            boolean exited = nodes.get(victim).onExit().completeOnTimeout(null, 60, TimeUnit.SECONDS).join() != null;
            StringBuilder survivors = new StringBuilder();
            for (int i = 0; i < nodes.size(); i++) {
                if (i != victim) {
                    survivors.append(Files.readString(cluster.log(i + 1)));
                }
            }
            return new Observed(id, faulted, at, after, seconds, exited, Files.readString(cluster.log(victim + 1)),
                    survivors.toString());
        }
    }

    /** Every host's journal has each action id once, and the hosts' commands are those the rollout issued. */
    private static void assertEachCommandAcceptedOnce(RolloutClient client, String id, int hosts) {
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

    private static RolloutStatus awaitStatus(List<RolloutStatus> heard, java.util.function.Predicate<RolloutStatus> p,
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

    private static void signal(String sig, long pid) {
        try {
            new ProcessBuilder("kill", "-" + sig, Long.toString(pid)).inheritIO().start().waitFor();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
