package dev.quiesce.cluster.node;

import dev.quiesce.cluster.host.HostEntity;
import dev.quiesce.cluster.host.HostLog;
import dev.quiesce.cluster.journal.JournalSettings;
import dev.quiesce.cluster.journal.TestPostgres;
import dev.quiesce.cluster.node.FailoverRun.Fault;
import dev.quiesce.cluster.node.FailoverRun.Nodes;
import dev.quiesce.cluster.node.FailoverRun.Observed;
import dev.quiesce.cluster.rollout.FleetSpec;
import dev.quiesce.cluster.rollout.PersistentRollout;
import dev.quiesce.cluster.rollout.RolloutClient;
import dev.quiesce.cluster.rollout.RolloutEvent;
import dev.quiesce.cluster.rollout.RolloutStatus;
import dev.quiesce.fleet.rollout.RolloutResult;
import dev.quiesce.fleet.scenario.FleetLayout;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.quiesce.cluster.node.FailoverRun.await;
import static dev.quiesce.cluster.node.FailoverRun.runWith;
import static dev.quiesce.cluster.node.FailoverRun.signal;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Faults on a local cluster of three host node processes sharing a PostgreSQL journal (see {@link TestPostgres} and
 * {@link FailoverRun}): kill -9 of the node running the rollout singleton; kill -9 of the node whose shard region
 * holds a host that accepted a command and has not answered it; a node cut off (SIGSTOP: its peers hear nothing) until
 * the split brain resolver downs it; a node that can send but not receive for 30 s (its Artery port cut one way by
 * a packet filter, {@link OneWayPartition}); kill -9 of the client, which a new client re-attaches to the rollout by
 * id; and the journal database stopped for 20 s mid-wave. Each time the rollout ends as an undisturbed in-process run of the
 * same fleet — same outcome per host, same fleet trace hash — and every host's journal shows each command accepted
 * once.
 */
class ClusterFailoverTest {

    private static final Duration HELD = Duration.ofMinutes(2);

    @BeforeAll
    static void postgresIsUp() {
        TestPostgres.assertUp();
    }

    @Test
    void killingTheSingletonsNode_movesTheRollout_whichResumesFromTheJournalAndEndsAsUndisturbed(@TempDir Path dir)
            throws Exception {
        Fault kill = (cluster, running, client, id, heard) -> {
            long pid = running.pid();
            ProcessHandle.of(pid).orElseThrow().destroyForcibly();
            return pid;
        };
        Observed o = runWith(dir, Nodes.plain(), kill);

        RolloutStatus after = o.firstWithOutcomesBeyond(o.at().outcomes());
        assertThat(after.pid()).as("the rollout runs on another node after the kill").isNotEqualTo(o.faulted());
        System.out.printf("singleton node (pid %d) killed at wave %d (%d outcomes): the rollout answered from pid %d"
                + " with new outcomes after %.1f s%n", o.faulted(), o.at().waves(), o.at().outcomes(), after.pid(),
                o.secondsUntil(st -> st == after));
    }

    @Test
    void killingTheNodeOfAHostThatAcceptedACommandAndHasNotAnswered_recreatesItElsewhere_whereItAnswersOnce(
            @TempDir Path dir) throws Exception {
        // every node holds the first host of the third wave once its command runs; the node that does is killed
        Path hold = Files.createDirectory(dir.resolve("hold"));
        int host = new FleetLayout(FailoverRun.spec(dir).load()).order().get(FailoverRun.FIRST_OF_WAVE_3);
        String[] entity = {""};
        Fault kill = (cluster, running, client, id, heard) -> {
            entity[0] = HostEntity.entityId(id, host);
            await("a node runs host " + host + "'s command", HELD, () -> Files.exists(hold.resolve("held/pid")));
            long pid = Long.parseLong(Files.readString(hold.resolve("held/pid")));
            assertThat(FailoverRun.holders(cluster, entity[0])).as("the nodes whose shard region holds host entity "
                    + entity[0]).containsExactly(pid);
            List<Object> accepted = client.events("host-" + entity[0]);
            assertThat(accepted).as("host " + host + " accepted its command").hasSize(1);
            long action = ((HostLog.Accepted) accepted.getFirst()).actionId();
            assertThat(client.events(PersistentRollout.persistenceId(id))).as("no outcome of action " + action)
                    .noneMatch(e -> e instanceof RolloutEvent.OutcomeRecorded r && r.actionId() == action);
            ProcessHandle.of(pid).orElseThrow().destroyForcibly();
            return pid;
        };
        Observed o = runWith(dir, new Nodes(HeldHostNode.class.getName(), HeldHostNode.args(hold, host),
                TestPostgres.settings()), kill);

        assertThat(o.survivorLogs()).as("host " + host + " recovered on another node")
                .contains("host entity host-" + entity[0] + " recovered from its journal");
        System.out.printf("node (pid %d) holding host %d's accepted, unanswered command killed at wave %d: the wave"
                + " ended %.1f s later (host %d answered from another node); %d host entities recovered elsewhere%n",
                o.faulted(), host, o.at().waves(), o.secondsUntil(st -> st.waves() > 3), host,
                o.recoveredElsewhere());
    }

    @Test
    void aNodeCutOffFromTheOthers_isDownedByTheSplitBrainResolver_andTheRolloutEndsAsUndisturbed(@TempDir Path dir)
            throws Exception {
        Fault cutOff = (cluster, running, client, id, heard) -> {
            Process victim = cluster.processes().stream().filter(p -> p.pid() != running.pid()).findFirst()
                    .orElseThrow();
            signal("STOP", victim.pid());
            CompletableFuture.delayedExecutor(15, TimeUnit.SECONDS).execute(() -> signal("CONT", victim.pid()));
            return victim.pid();
        };
        Observed o = runWith(dir, Nodes.plain(), cutOff);

        assertThat(o.faultedExited()).as("the downed node exits by itself once it runs again (its peers removed it);"
                + " its log:\n" + o.faultedLog()).isTrue();
        System.out.printf("node (pid %d) stopped for 15 s at wave %d: downed, exited by itself; %d host entities"
                + " recovered on the other nodes%n", o.faulted(), o.at().waves(), o.recoveredElsewhere());
    }

    @Test
    void aNodeThatCanSendButNotReceive_isDownedByBothSidesWhileItsRepliesStillArrive_andTheRolloutEndsAsUndisturbed(
            @TempDir Path dir) throws Exception {
        OneWayCut.assertUsable();
        // the last node started (not the singleton's; its failure detector slower) holds hosts of the third wave and
        // hears nothing for 30 s; it can still send
        Path hold = Files.createDirectory(dir.resolve("hold"));
        List<Integer> wave3 = new FleetLayout(FailoverRun.spec(dir).load()).order()
                .subList(FailoverRun.FIRST_OF_WAVE_3, FailoverRun.FIRST_OF_WAVE_3 + 32);
        OneWayPartition cut = new OneWayPartition(hold, Duration.ofSeconds(30));
        Observed o = runWith(dir, OneWayPartition.nodes(hold, wave3), st -> true, cut);

        assertThat(cut.openOnCut).as("the cut node had accepted commands unanswered, the first held among them")
                .contains(cut.host);
        assertThat(cut.unreachable).as("the others' view: the cut node unreachable during the cut").isPositive();
        assertThat(cut.removed).as("the others' view: the cut node downed and removed during the cut")
                .isGreaterThan(cut.unreachable);
        // until the others removed the cut node, no other node could host its entities: these outcomes came from it
        assertThat(cut.outcomeRecorded).as("the outcomes of hosts " + cut.openOnCut + ", sent by the cut node after"
                + " the cut (the held ones released 1 s in), recorded before the others removed it ("
                + cut.removed + " s)").isBetween(1.0, cut.removed);
        assertThat(o.faultedLog().lines().filter(l -> l.contains("Marking node as UNREACHABLE")).count())
                .as("the cut node heard nobody: it marked the other three nodes unreachable; its log:\n"
                        + o.faultedLog()).isEqualTo(3);
        // the arranged order: every other node marked the cut node unreachable before it marked anyone
        List<Double> cutNodeMarked = cut.markedUnreachable(o.faultedLog(), 0);
        List<Double> othersMarked = cut.markedUnreachable(o.survivorLogs(), cut.port);
        assertThat(othersMarked).as("the other host nodes each marked the cut node unreachable; their logs:\n"
                + o.survivorLogs()).hasSize(2);
        double majority = Math.max(cut.unreachable, othersMarked.stream().mapToDouble(d -> d).max().orElseThrow());
        assertThat(cutNodeMarked.getFirst()).as("the cut node's first unreachable mark (s) comes after the majority's"
                + " last (%.1f s, the test's node at %.1f s, the host nodes at %s)", majority, cut.unreachable,
                othersMarked).isGreaterThan(majority);
        assertThat(o.faultedLog()).as("the cut node's split brain resolver downed its own side, itself")
                .contains("SBR took decision DownReachable and is downing [pekko://quiesce@127.0.0.1:"
                        + cut.port + "] including myself");
        assertThat(o.faultedExited()).as("the cut node exits by itself").isTrue();
        double nextWave = cut.nextWaveEnded >= 0 ? cut.nextWaveEnded
                : cut.healedAt + o.secondsUntil(st -> st.waves() > cut.waveAtCut + 1);
        System.out.printf("node (pid %d) cut one way (sends, receives nothing) for %.1f s at wave %d: the %d commands"
                + " it had accepted and not answered (held, host %d first; released 1 s in) answered from inside the"
                + " cut, recorded by %.1f s (the wave ended at %.1f s); unreachable to the others at %.1f s, down at"
                + " %.1f s, removed at %.1f s (the other host nodes marked it at %s; it marked them at %s); exited by"
                + " itself at %.1f s; the next wave, begun during the cut, ended %.1f s after the cut%n", o.faulted(),
                cut.healedAt, cut.waveAtCut, cut.openOnCut.size(), cut.host, cut.outcomeRecorded, cut.waveEnded,
                cut.unreachable, cut.down, cut.removed, othersMarked, cutNodeMarked, cut.exited, nextWave);
    }

    @Test
    void killingTheClient_andStartingAnotherWithTheRolloutsId_reattachesToTheRunningRollout_whichEndsAsUndisturbed(
            @TempDir Path dir) throws Exception {
        // a host of the third wave is held until the second client is attached: the rollout is still running then
        Path hold = Files.createDirectory(dir.resolve("hold"));
        FleetSpec spec = FailoverRun.spec(dir);
        RolloutResult undisturbed = FailoverRun.undisturbed(spec);
        int host = new FleetLayout(spec.load()).order().get(FailoverRun.FIRST_OF_WAVE_3);
        String id = "client-kill-" + UUID.randomUUID();
        JournalSettings journal = TestPostgres.settings();
        try (LocalCluster cluster = LocalCluster.start(3, HeldHostNode.class.getName(),
                HeldHostNode.args(hold, host), journal, Duration.ofSeconds(90))) {
            Path log1 = dir.resolve("client-1.log");
            Process first = ClientNode.launch(cluster, journal, spec, id, log1);
            await("the first client follows the third wave, host " + host + " held", HELD,
                    () -> Files.exists(hold.resolve("held/pid")) && ClientLog.waves(log1) >= 3);
            first.destroyForcibly().waitFor();
            long t0 = System.nanoTime();
            Path log2 = dir.resolve("client-2.log");
            Process second = ClientNode.launch(cluster, journal, spec, id, log2);
            await("the second client hears the rollout", HELD, () -> !ClientLog.statuses(log2).isEmpty());
            double reattached = (System.nanoTime() - t0) / 1e9;
            assertThat(ClientLog.statuses(log2).getFirst()).as("the rollout still runs, at its third wave")
                    .startsWith("status RUNNING 3 ");
            Files.createFile(dir.resolve("hold/release"));
            assertThat(second.waitFor(4, TimeUnit.MINUTES)).as("the second client ends").isTrue();
            assertThat(second.exitValue()).as("the second client's log:\n" + Files.readString(log2)).isZero();
            double done = (System.nanoTime() - t0) / 1e9;

            assertThat(ClientLog.done(log2)).isEqualTo(undisturbed.traceHash());
            RolloutClient client = new RolloutClient(cluster.system());
            assertThat(client.replay(id, spec.rollouts())).usingRecursiveComparison().isEqualTo(undisturbed);
            FailoverRun.assertEachCommandAcceptedOnce(client, id, spec.load().hosts());
            System.out.printf("client (pid %d) killed at wave 3: a new client with --rollout-id heard the running"
                    + " rollout %.1f s after the kill and ended with the same fleet trace hash %.1f s after it%n",
                    first.pid(), reattached, done);
        }
    }

    @Test
    void theJournalDatabaseStoppedFor20sMidWave_pausesTheRollout_whichResumesAndEndsAsUndisturbed(@TempDir Path dir)
            throws Exception {
        URI pg = URI.create(TestPostgres.URL.substring("jdbc:".length()));
        try (TcpProxy proxy = new TcpProxy(pg.getPort() < 0 ? 5432 : pg.getPort())) {
            JournalSettings journal = new JournalSettings("jdbc:postgresql://127.0.0.1:" + proxy.port() + pg.getPath(),
                    TestPostgres.USER, TestPostgres.PASSWORD);
            int[] outcomes = new int[2];
            Fault stop = (cluster, running, client, id, heard) -> {
                outcomes[0] = running.outcomes();
                proxy.down();
                long down = System.nanoTime();
                int from = heard.size();
                Thread.sleep(Duration.ofSeconds(20)); // the fault itself: the database is away this long
                List<RolloutStatus> during = List.copyOf(heard.subList(from, heard.size()));
                proxy.up();
                outcomes[1] = during.stream().mapToInt(RolloutStatus::outcomes).max().orElse(outcomes[0]);
                System.out.printf("journal down %.1f s; %d statuses heard meanwhile%n",
                        (System.nanoTime() - down) / 1e9, during.size());
                return 0;
            };
            // mid-wave: some of the third (or a later) wave's 32 outcomes are recorded, at least 8 are open
            Observed o = runWith(dir, new Nodes(NodeMain.class.getName(), List.of(), journal),
                    st -> st.waves() >= 3 && st.open() >= 8 && st.open() < 32, stop);

            System.out.printf("journal database stopped for 20 s at wave %d (%d outcomes; %d by the restart): new"
                    + " outcomes %.1f s after it was back; %d rollout restarts after a journal failure%n",
                    o.at().waves(), outcomes[0], outcomes[1], o.secondsUntil(st -> st.outcomes() > outcomes[1]),
                    o.survivorLogs().lines().filter(l -> l.contains("after a journal failure")).count());
        }
    }
}
