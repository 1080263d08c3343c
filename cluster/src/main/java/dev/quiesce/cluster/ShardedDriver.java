package dev.quiesce.cluster;

import dev.quiesce.fleet.rollout.HostCommand;
import dev.quiesce.fleet.rollout.HostDriver;
import dev.quiesce.fleet.rollout.HostOutcome;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link HostDriver} that sends each host command through Cluster Sharding to its {@link HostEntity} (on whichever
 * node holds the host's shard) and waits for the reply: the plain rollout runs unchanged over a cluster. The action
 * id is the host's command number (1 = its apply, 2 = its revert), so it does not depend on timing.
 */
public final class ShardedDriver implements HostDriver {

    private final ClusterSharding sharding;
    private final FleetSpec fleet;
    private final Duration timeout;
    private final Map<Integer, Long> commandsOf = new ConcurrentHashMap<>();

    /** A driver of {@code fleet}'s hosts through the sharding of {@code system}, each reply awaited {@code timeout}. */
    public ShardedDriver(ActorSystem<?> system, FleetSpec fleet, Duration timeout) {
        this.sharding = ClusterSharding.get(system);
        this.fleet = fleet;
        this.timeout = timeout;
    }

    @Override
    public HostOutcome run(HostCommand command) {
        long actionId = commandsOf.merge(command.host(), 1L, Long::sum);
        HostReply reply;
        try {
            reply = sharding.entityRefFor(HostEntity.TYPE, Integer.toString(command.host()))
                    .<HostReply>ask(replyTo -> new HostEntity.Run(fleet, command, actionId, 1, replyTo), timeout)
                    .toCompletableFuture().join();
        } catch (CompletionException e) {
            throw new IllegalStateException("host " + command.host() + " did not reply within " + timeout + ": "
                    + (e.getCause() == null ? e : e.getCause()), e);
        }
        if (reply.outcome() == null) {
            throw new IllegalStateException(reply.error());
        }
        return reply.outcome();
    }
}
