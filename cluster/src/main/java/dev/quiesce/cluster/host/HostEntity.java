package dev.quiesce.cluster.host;

import dev.quiesce.cluster.rollout.FleetSpec;
import dev.quiesce.cluster.wire.ClusterMessage;
import dev.quiesce.fleet.rollout.HostCommand;
import dev.quiesce.fleet.rollout.HostOutcome;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * One host of a rollout as an event-sourced Cluster Sharding entity (entity id "{rollout id}:{host id}"): it journals
 * each command it accepts before running it on the node's workers through a {@link HostRunner}, and replies with the
 * outcome. A re-delivered command is recognised by its action id: one still running gets the outcome when it is
 * ready, one that ran gets the recorded outcome at once — neither runs again. Re-created on another node (or after
 * passivation), it recovers its simulated state by running the accepted commands again, in order: the hosts are
 * deterministic, so it ends where it was. State and checks live in {@link HostLog}.
 */
public final class HostEntity extends EventSourcedBehavior<HostEntity.Command, HostLog.Accepted, HostLog> {

    /** The sharded entity type of hosts. */
    public static final EntityTypeKey<Command> TYPE = EntityTypeKey.create(Command.class, "quiesce-host");

    /** Messages a host entity understands. */
    public sealed interface Command {
    }

    /** Run {@code command} of fleet {@code fleet}; reply with its outcome. */
    public record Run(FleetSpec fleet, HostCommand command, long actionId, int attempt, ActorRef<HostReply> replyTo)
            implements Command, ClusterMessage {
    }

    /** An accepted command ran (local). */
    private record Ran(long actionId, HostReply reply) implements Command {
    }

    private final ActorContext<Command> context;
    private final HostRunner runner;
    private final Executor workers;
    /** Who waits for which action's outcome (this incarnation only). */
    private final Map<Long, List<ActorRef<HostReply>>> waiting = new HashMap<>();
    /** The last job queued: a host runs its commands one after another, in the order accepted. */
    private CompletableFuture<?> tail = CompletableFuture.completedFuture(null);

    private HostEntity(ActorContext<Command> context, String entityId, HostRunner runner, Executor workers) {
        super(PersistenceId.ofUniqueId("host-" + entityId));
        this.context = context;
        this.runner = runner;
        this.workers = workers;
    }

    /** The entity {@code entityId} ("{rollout id}:{host id}") running commands with {@code runner} on {@code workers}. */
    public static Behavior<Command> create(String entityId, HostRunner runner, Executor workers) {
        return Behaviors.setup(ctx -> new HostEntity(ctx, entityId, runner, workers));
    }

    /** The entity id of host {@code host} in rollout {@code rolloutId}. */
    public static String entityId(String rolloutId, int host) {
        return rolloutId + ":" + host;
    }

    @Override
    public HostLog emptyState() {
        return new HostLog();
    }

    @Override
    public CommandHandler<Command, HostLog.Accepted, HostLog> commandHandler() {
        return newCommandHandlerBuilder().forAnyState()
                .onCommand(Run.class, this::onRun)
                .onCommand(Ran.class, this::onRan)
                .build();
    }

    @Override
    public EventHandler<HostLog, HostLog.Accepted> eventHandler() {
        return newEventHandlerBuilder().forAnyState().onAnyEvent((log, accepted) -> {
            log.accept(accepted);
            return log;
        });
    }

    @Override
    public SignalHandler<HostLog> signalHandler() {
        return newSignalHandlerBuilder().onSignal(RecoveryCompleted.instance(), log -> {
            if (log.size() > 0) {
                context.getLog().info("host entity {} recovered from its journal: {} accepted commands, run again",
                        persistenceId().id(), log.size());
            }
            log.pending().forEach(this::runLater);
        }).build();
    }

    private Effect<HostLog.Accepted, HostLog> onRun(HostLog log, Run msg) {
        if (log.knows(msg.actionId())) {
            HostOutcome done = log.outcome(msg.actionId());
            if (done != null) {
                msg.replyTo().tell(new HostReply(done, msg.actionId(), msg.attempt(), ""));
            } else {
                waiting.computeIfAbsent(msg.actionId(), k -> new ArrayList<>()).add(msg.replyTo());
            }
            return Effect().none();
        }
        waiting.computeIfAbsent(msg.actionId(), k -> new ArrayList<>()).add(msg.replyTo());
        HostLog.Accepted accepted = new HostLog.Accepted(msg.fleet(), msg.command(), msg.actionId(), msg.attempt());
        return Effect().persist(accepted).thenRun(log2 -> runLater(accepted));
    }

    private Effect<HostLog.Accepted, HostLog> onRan(HostLog log, Ran msg) {
        HostReply reply = msg.reply();
        if (reply.outcome() != null) {
            String refused = log.record(msg.actionId(), reply.outcome());
            if (!refused.isEmpty()) {
                context.getLog().error(refused);
                reply = new HostReply(null, reply.actionId(), reply.attempt(), refused);
            }
        }
        for (ActorRef<HostReply> r : waiting.getOrDefault(msg.actionId(), List.of())) {
            r.tell(reply);
        }
        waiting.remove(msg.actionId());
        return Effect().none();
    }

    /** Queues {@code a} behind the host's earlier commands; its reply comes back as {@link Ran}. */
    private void runLater(HostLog.Accepted a) {
        Run run = new Run(a.fleet(), a.command(), a.actionId(), a.attempt(), null);
        CompletableFuture<HostReply> job = tail.handle((x, e) -> null).thenApplyAsync(x -> runner.reply(run), workers);
        tail = job;
        context.pipeToSelf(job, (reply, error) -> new Ran(a.actionId(), error == null ? reply
                : new HostReply(null, a.actionId(), a.attempt(), "host " + a.command().host() + ": " + error)));
    }
}
