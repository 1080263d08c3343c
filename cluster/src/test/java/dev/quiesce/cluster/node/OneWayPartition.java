package dev.quiesce.cluster.node;

import dev.quiesce.cluster.host.HostEntity;
import dev.quiesce.cluster.host.HostLog;
import dev.quiesce.cluster.journal.TestPostgres;
import dev.quiesce.cluster.rollout.PersistentRollout;
import dev.quiesce.cluster.rollout.RolloutClient;
import dev.quiesce.cluster.rollout.RolloutEvent;
import dev.quiesce.cluster.rollout.RolloutStatus;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.StreamSupport;

import static dev.quiesce.cluster.node.FailoverRun.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The asymmetric partition of {@link ClusterFailoverTest}, as a {@link FailoverRun.Fault}: the node it cuts is the
 * last host node of a {@link HeldHostNode} cluster started with {@link #nodes}, started once the others are up (so it
 * is the youngest, never the singleton's) with a failure detector slower than the others' ({@link #CUT_NODE_PAUSE}).
 * On the first running status it puts the hold on that node (the first host of the third wave it runs is held, and
 * every such host it runs after), waits until it holds one, checks that its shard region holds the host and that the
 * host accepted its command unanswered, then cuts that node's Artery port one way ({@link OneWayCut}: it can send, it
 * receives nothing) for {@code cut}, releasing the held hosts 1 s in so that their outcomes are sent from inside the
 * cut. Meanwhile it watches, from the test's own node (on the majority side), when the cut node is unreachable, when
 * it is downed or removed, when its process exits, when the rollout has the outcomes of every host that had accepted
 * a command on the cut node and not answered it when the link was cut, and when the wave cut in and the next one end.
 * Times are seconds from the moment the filter is in place; -1 when it did not happen during the cut.
 *
 * <p>Why the cut node's failure detector is slower: each side marks the other unreachable from its own missing
 * heartbeat answers, and a node ignores gossip only from a node that it itself has marked unreachable (Pekko {@code
 * cluster/…/ClusterDaemon.scala}, {@code receiveGossip}, "Ignoring received gossip from unreachable", at v1.7.0,
 * c72b5ae). Were the cut node's observation ("the others are unreachable") to reach a majority node that has not yet
 * marked it unreachable, the majority's split brain resolver would see nodes that both observe and are observed
 * unreachable — indirectly connected ({@code cluster/…/sbr/DowningStrategy.scala}, {@code indirectlyConnected}) — and
 * down the healthy ones it names with the cut node. With Pekko's default pause (3 s) on the others and {@link
 * #CUT_NODE_PAUSE} on the cut node, every other node marks it unreachable about 6 s before it marks anyone, and from
 * then ignores its gossip: its observations never reach the majority, which sees a clean partition.
 */
final class OneWayPartition implements FailoverRun.Fault {

    /** The cut node's {@code acceptable-heartbeat-pause}: 6 s more than Pekko's default of 3 s, which the others use. */
    static final String CUT_NODE_PAUSE = "9s";

    private final Path hold;
    private final Duration cut;
    int host;
    int port;
    int waveAtCut;
    double unreachable = -1;
    double down = -1;
    double removed = -1;
    /** The hosts whose entity on the cut node had accepted a command and not answered it when the link was cut. */
    final Set<Integer> openOnCut = new TreeSet<>();
    /** When the outcomes of every host of {@link #openOnCut} were recorded. */
    double outcomeRecorded = -1;
    double waveEnded = -1;
    double nextWaveEnded = -1;
    double exited = -1;
    double healedAt;
    /** The wall-clock time the filter was in place (to read the nodes' log timestamps against). */
    Instant cutAt;

    /** The fault on a {@link HeldHostNode} cluster holding in {@code hold}, the link cut for {@code cut}. */
    OneWayPartition(Path hold, Duration cut) {
        this.hold = hold;
        this.cut = cut;
    }

    /** The {@link HeldHostNode} cluster holding {@code hosts} in {@code hold}, its last node the one to cut. */
    static FailoverRun.Nodes nodes(Path hold, List<Integer> hosts) {
        return new FailoverRun.Nodes(HeldHostNode.class.getName(), HeldHostNode.args(hold, hosts),
                TestPostgres.settings(),
                List.of("-Dpekko.cluster.failure-detector.acceptable-heartbeat-pause=" + CUT_NODE_PAUSE));
    }

    @Override
    public long apply(LocalCluster cluster, RolloutStatus running, RolloutClient client, String id,
                      List<RolloutStatus> heard) throws Exception {
        long slow = cluster.processes().getLast().pid();
        assertThat(slow).as("the node to cut (started last) is not the singleton's").isNotEqualTo(running.pid());
        Path tmp = hold.resolve("only-pid.tmp");
        Files.writeString(tmp, Long.toString(slow));
        Files.move(tmp, hold.resolve("only-pid"), StandardCopyOption.ATOMIC_MOVE);
        await("the node to cut holds a host of the third wave", Duration.ofMinutes(2),
                () -> Files.exists(hold.resolve("held/pid")));
        long pid = Long.parseLong(Files.readString(hold.resolve("held/pid")));
        assertThat(pid).as("the node holding is the one with the slower failure detector").isEqualTo(slow);
        host = Integer.parseInt(Files.readString(hold.resolve("held/host")));
        String entity = HostEntity.entityId(id, host);
        await("the rollout reports its third wave", Duration.ofSeconds(30), () -> heard.getLast().waves() >= 3);
        RolloutStatus now = heard.getLast();
        assertThat(pid).as("the holding node is not the singleton's").isNotEqualTo(now.pid());
        assertThat(FailoverRun.holders(cluster, entity)).as("the nodes whose shard region holds " + entity)
                .containsExactly(pid);
        List<Object> accepted = client.events("host-" + entity);
        assertThat(accepted).as("host " + host + " accepted its command").hasSize(1);
        long action = ((HostLog.Accepted) accepted.getFirst()).actionId();
        assertThat(recorded(client, id, action)).as("no outcome of action " + action + " yet").isFalse();
        String node = ShardRegions.nodes(cluster).get(pid);
        port = Integer.parseInt(node.substring(node.lastIndexOf(':') + 1));
        waveAtCut = now.waves();
        Set<Integer> acceptedThere = new TreeSet<>();
        for (String e : ShardRegions.entities(cluster, node)) {
            if (!client.events("host-" + e).isEmpty()) {
                acceptedThere.add(Integer.parseInt(e.substring(e.lastIndexOf(':') + 1)));
            }
        }

        Cluster self = Cluster.get(cluster.system());
        try (OneWayCut c = OneWayCut.inboundTo(port)) {
            long t0 = System.nanoTime();
            cutAt = Instant.now();
            openOnCut.addAll(acceptedThere);
            openOnCut.removeAll(answered(client, id));
            boolean released = false;
            int polls = 0;
            for (double t = 0; t < cut.toNanos() / 1e9; t = (System.nanoTime() - t0) / 1e9) {
                if (!released && t >= 1) {
                    Files.createFile(hold.resolve("release"));
                    released = true;
                }
                Optional<Member> m = StreamSupport.stream(self.state().getMembers().spliterator(), false)
                        .filter(x -> x.address().getPort().orElse(-1) == port).findFirst();
                if (unreachable < 0 && m.isPresent() && self.state().getUnreachable().contains(m.get())) {
                    unreachable = t;
                }
                if (down < 0 && (m.isEmpty() || m.get().status() == MemberStatus.down())) {
                    down = t;
                }
                if (removed < 0 && m.isEmpty()) {
                    removed = t;
                }
                if (released && outcomeRecorded < 0 && (++polls % 2 == 0)) { // the journal every 500 ms
                    Set<Integer> now2 = answered(client, id);
                    if (now2.contains(host) && now2.containsAll(openOnCut)) {
                        outcomeRecorded = t;
                    }
                }
                if (waveEnded < 0 && heard.getLast().waves() > waveAtCut) {
                    waveEnded = t;
                }
                if (nextWaveEnded < 0 && heard.getLast().waves() > waveAtCut + 1) {
                    nextWaveEnded = t;
                }
                if (exited < 0 && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true)) {
                    exited = t;
                }
                Thread.sleep(250); // the fault itself: the link stays cut this long
            }
            healedAt = (System.nanoTime() - t0) / 1e9;
        }
        return pid;
    }

    /**
     * The seconds from the cut at which a node whose output is {@code log} marked a node unreachable — any node, or
     * only the node at {@code port} if it is positive — read from the time that starts each line of the nodes' logger
     * ({@code simplelogger.properties} of the tests: ISO 8601 with offset).
     */
    List<Double> markedUnreachable(String log, int port) {
        List<Double> at = new ArrayList<>();
        for (String line : log.lines().toList()) {
            if (line.contains("Marking node as UNREACHABLE") && (port <= 0 || line.contains(":" + port + ","))) {
                Instant t = OffsetDateTime.parse(line.substring(0, line.indexOf(' '))).toInstant();
                at.add(Duration.between(cutAt, t).toMillis() / 1e3);
            }
        }
        return at;
    }

    /** The hosts with an outcome recorded in rollout {@code id}'s journal. */
    private static Set<Integer> answered(RolloutClient client, String id) {
        Set<Integer> hosts = new TreeSet<>();
        for (Object e : client.events(PersistentRollout.persistenceId(id))) {
            if (e instanceof RolloutEvent.OutcomeRecorded r) {
                hosts.add(r.host());
            }
        }
        return hosts;
    }

    private static boolean recorded(RolloutClient client, String id, long action) {
        return client.events(PersistentRollout.persistenceId(id)).stream()
                .anyMatch(e -> e instanceof RolloutEvent.OutcomeRecorded r && r.actionId() == action);
    }
}
