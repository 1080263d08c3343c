package dev.quiesce.cluster;

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

    /** 240 modelled hosts in 6 waves; some 32-CPU hosts straggle past the 5 ms timeout, the rollout goes on. */
    private static final String FLEET = """
            name = failover
            hosts = 240
            classes = [
              { name = sixteen, share = 0.5, cpus = 16, model = xen-default }
              { name = thirtytwo, share = 0.5, cpus = 32, model = xen-default,
                stragglers = { share = 0.2, cpus = 1, lead = 5us, length = [100us, 1ms, 8ms] } }
            ]
            payloads = [p1, p2]
            barrier.timeout = 5ms
            retry = none
            rollout { canary-size = 8, growth-factor = 2, max-concurrent = 64, failure-threshold = 0.5, pause = 1s }
            """;

    @BeforeAll
    static void postgresIsUp() {
        TestPostgres.assertUp();
    }

    @Test
    void killingTheSingletonsNode_movesTheRollout_whichResumesFromTheJournalAndEndsAsUndisturbed(@TempDir Path dir)
            throws Exception {
        Fault kill = (cluster, running) -> {
            long pid = running.pid();
            ProcessHandle.of(pid).orElseThrow().destroyForcibly();
            return pid;
        };
        Observed o = runWith(dir, kill);

        assertThat(o.after().pid()).as("the rollout runs on another node after the kill").isNotEqualTo(o.faulted());
        System.out.printf("singleton node (pid %d) killed at wave %d: rollout running again on pid %d after %.1f s%n",
                o.faulted(), o.at().waves(), o.after().pid(), o.recoverySeconds());
    }

    @Test
    void killingANodeHoldingHosts_recreatesThemElsewhere_andNoHostRunsACommandTwice(@TempDir Path dir)
            throws Exception {
        Fault kill = (cluster, running) -> {
            Process victim = cluster.processes().stream().filter(p -> p.pid() != running.pid()).findFirst()
                    .orElseThrow();
            victim.destroyForcibly();
            return victim.pid();
        };
        Observed o = runWith(dir, kill);

        assertThat(o.after().pid()).as("the singleton stayed where it was").isEqualTo(o.at().pid());
    }

    @Test
    void aNodeCutOffFromTheOthers_isDownedByTheSplitBrainResolver_andTheRolloutEndsAsUndisturbed(@TempDir Path dir)
            throws Exception {
        Fault cutOff = (cluster, running) -> {
            Process victim = cluster.processes().stream().filter(p -> p.pid() != running.pid()).findFirst()
                    .orElseThrow();
            signal("STOP", victim.pid());
            CompletableFuture.delayedExecutor(15, TimeUnit.SECONDS).execute(() -> signal("CONT", victim.pid()));
            return victim.pid();
        };
        Observed o = runWith(dir, cutOff);

        assertThat(ProcessHandle.of(o.faulted()).map(p -> p.onExit().orTimeout(60, TimeUnit.SECONDS).join())
                .map(ProcessHandle::isAlive).orElse(false))
                .as("the downed node exits once it runs again (its peers removed it)").isFalse();
    }

    /** A fault done to {@code cluster} while the rollout runs as {@code running} says; returns the faulted pid. */
    private interface Fault {
        long apply(LocalCluster cluster, RolloutStatus running) throws Exception;
    }

    /** What a faulted run showed: the status when faulted, the first status from a running rollout after it. */
    private record Observed(long faulted, RolloutStatus at, RolloutStatus after, double recoverySeconds) {
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
        try (LocalCluster cluster = LocalCluster.start(3, NodeMain.class.getName(), TestPostgres.settings(),
                Duration.ofSeconds(90))) {
            RolloutClient client = new RolloutClient(cluster.system());
            CompletableFuture<RolloutResult> result = CompletableFuture.supplyAsync(
                    () -> client.run(id, spec, Duration.ofMinutes(4), heard::add));
            RolloutStatus at = awaitStatus(heard, st -> st.state() == RolloutStatus.State.RUNNING && st.waves() >= 2,
                    result);
            long faulted = fault.apply(cluster, at);
            long t0 = System.nanoTime();
            int mark = heard.size();
            RolloutResult r = result.get(5, TimeUnit.MINUTES);
            RolloutStatus after = heard.subList(mark, heard.size()).stream()
                    .filter(st -> st.state() == RolloutStatus.State.RUNNING && st.pid() != faulted).findFirst()
                    .orElse(heard.getLast());
            double seconds = (System.nanoTime() - t0) / 1e9;

            assertThat(r.traceHash()).isEqualTo(undisturbed.traceHash());
            assertThat(r).usingRecursiveComparison().isEqualTo(undisturbed);
            assertEachCommandAcceptedOnce(client, id, s.hosts());
            return new Observed(faulted, at, after, seconds);
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
