package dev.quiesce.cluster;

import dev.quiesce.fleet.rollout.HostCommand;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * One host of the fleet as a Cluster Sharding entity (entity id = host id): it runs each host command it gets on the
 * node's workers through a {@link HostRunner} and replies with the outcome. It recognises a re-delivered command by
 * its (action id, attempt): one still running gets the outcome when it is ready, one that finished gets the recorded
 * outcome at once — neither is applied again. The accepted commands are kept in memory only (not journaled yet): they
 * are lost if the entity itself restarts.
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
    private record Finished(HostReply reply, Key key) implements Command {
    }

    /** A command's identity: (action id, attempt). */
    private record Key(long actionId, int attempt) {
    }

    private final HostRunner runner;
    private final Executor workers;
    private final Map<Key, HostReply> done = new HashMap<>();
    private final Map<Key, List<ActorRef<HostReply>>> running = new HashMap<>();

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
        Key key = new Key(msg.actionId(), msg.attempt());
        HostReply recorded = done.get(key);
        if (recorded != null) {
            msg.replyTo().tell(recorded);
        } else if (running.containsKey(key)) {
            running.get(key).add(msg.replyTo());
        } else {
            running.put(key, new ArrayList<>(List.of(msg.replyTo())));
            getContext().pipeToSelf(CompletableFuture.supplyAsync(() -> runner.reply(msg), workers), (reply, error) ->
                    new Finished(error == null ? reply : new HostReply(null, msg.actionId(), msg.attempt(),
                            error.toString()), key));
        }
        return this;
    }

    private Behavior<Command> onFinished(Finished msg) {
        if (msg.reply().outcome() != null) {
            done.put(msg.key(), msg.reply());
        }
        running.remove(msg.key()).forEach(r -> r.tell(msg.reply()));
        return this;
    }
}
