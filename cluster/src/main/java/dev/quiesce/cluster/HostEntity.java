package dev.quiesce.cluster;

import dev.quiesce.fleet.rollout.HostCommand;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * One host of the fleet as a Cluster Sharding entity (entity id = host id): it runs each host command it gets on the
 * node's workers through a {@link HostRunner} and replies with the outcome. Stateless for now: a host's outcome
 * depends only on (fleet seed, host id, command).
 */
public final class HostEntity extends AbstractBehavior<HostEntity.Command> {

    /** The sharded entity type of hosts. */
    public static final EntityTypeKey<Command> TYPE = EntityTypeKey.create(Command.class, "quiesce-host");

    /** Messages a host entity understands. */
    public sealed interface Command {
    }

    /** Run {@code command} of fleet {@code fleet}; reply with its outcome. */
    public record Run(FleetSpec fleet, HostCommand command, long actionId, int attempt, ActorRef<HostReply> replyTo)
            implements Command, ClusterMessage {
    }

    /** A command finished (local). */
    private record Finished(HostReply reply, ActorRef<HostReply> replyTo) implements Command {
    }

    private final HostRunner runner;
    private final Executor workers;

    private HostEntity(ActorContext<Command> context, HostRunner runner, Executor workers) {
        super(context);
        this.runner = runner;
        this.workers = workers;
    }

    /** A host entity running commands with {@code runner} on {@code workers}. */
    public static Behavior<Command> create(HostRunner runner, Executor workers) {
        return Behaviors.setup(ctx -> new HostEntity(ctx, runner, workers));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Run.class, this::onRun)
                .onMessage(Finished.class, this::onFinished)
                .build();
    }

    private Behavior<Command> onRun(Run msg) {
        getContext().pipeToSelf(CompletableFuture.supplyAsync(() -> runner.reply(msg), workers), (reply, error) ->
                new Finished(error == null ? reply : new HostReply(null, msg.actionId(), msg.attempt(),
                        error.toString()), msg.replyTo()));
        return this;
    }

    private Behavior<Command> onFinished(Finished msg) {
        msg.replyTo().tell(msg.reply());
        return this;
    }
}
