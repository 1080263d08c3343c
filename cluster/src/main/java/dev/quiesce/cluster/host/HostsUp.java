package dev.quiesce.cluster.host;

import dev.quiesce.cluster.node.ClusterNode;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;

import java.util.concurrent.CompletableFuture;
import java.util.Set;
import java.util.TreeSet;

/**
 * The actor that waits until the cluster has a given number of host nodes up: it follows member events and
 * completes its future (then stops) once enough members with the host role are up (counted from the events).
 */
public final class HostsUp {

    private HostsUp() {
    }

    /** Completes {@code done} once {@code hosts} host nodes are up. */
    public static Behavior<ClusterEvent.MemberEvent> create(int hosts, CompletableFuture<Void> done) {
        return Behaviors.setup(ctx -> {
            Cluster.get(ctx.getSystem()).subscriptions().tell(Subscribe.create(ctx.getSelf(),
                    ClusterEvent.MemberEvent.class));
            Set<String> up = new TreeSet<>();
            return Behaviors.receiveMessage(event -> {
                Member m = event.member();
                if (m.hasRole(ClusterNode.HOST_ROLE)) {
                    if (event instanceof ClusterEvent.MemberUp) {
                        up.add(m.address().toString());
                    } else if (m.status() != MemberStatus.up()) {
                        up.remove(m.address().toString());
                    }
                }
                if (up.size() >= hosts) {
                    done.complete(null);
                    return Behaviors.stopped();
                }
                return Behaviors.same();
            });
        });
    }
}
