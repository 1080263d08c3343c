package dev.quiesce.cluster.node;

import dev.quiesce.cluster.host.HostEntity;
import dev.quiesce.cluster.host.HostLog;
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
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.StreamSupport;

import static dev.quiesce.cluster.node.FailoverRun.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The asymmetric partition of {@link ClusterFailoverTest}, as a {@link FailoverRun.Fault}: on the first running
 * status it keeps the hold of a {@link HeldHostNode} cluster off the singleton's node (the hold then goes to the
 * first node to run a host of the third wave, which holds every such host it runs), waits until a node holds one,
 * checks that node's shard region holds the host and that the host accepted its command unanswered, then cuts that
 * node's Artery port one way ({@link OneWayCut}: it can send, it receives nothing) for {@code cut}, releasing the
 * held hosts 1 s in so that their outcomes are sent from inside the cut. Meanwhile it watches, from the test's own
 * node (on the majority side), when the cut node is unreachable, when it is downed or removed, when its process
 * exits, when the rollout has the outcomes of every host that had accepted a command on the cut node and not
 * answered it when the link was cut, and when the wave cut in and the next one end. Times are seconds from the
 * moment the filter is in place; -1 when it did not happen during the cut.
 */
final class OneWayPartition implements FailoverRun.Fault {

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

    /** The fault on a {@link HeldHostNode} cluster holding in {@code hold}, the link cut for {@code cut}. */
    OneWayPartition(Path hold, Duration cut) {
        this.hold = hold;
        this.cut = cut;
    }

    @Override
    public long apply(LocalCluster cluster, RolloutStatus running, RolloutClient client, String id,
                      List<RolloutStatus> heard) throws Exception {
        Path tmp = hold.resolve("skip-pid.tmp");
        Files.writeString(tmp, Long.toString(running.pid()));
        Files.move(tmp, hold.resolve("skip-pid"), StandardCopyOption.ATOMIC_MOVE);
        await("a node other than the singleton's holds a host of the third wave", Duration.ofMinutes(2),
                () -> Files.exists(hold.resolve("held/pid")));
        long pid = Long.parseLong(Files.readString(hold.resolve("held/pid")));
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
