package dev.quiesce.fleet.rollout;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.pattern.StatusReply;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The actor that rolls a payload stack out over a fleet: it sends each host of a wave its command (run by a
 * {@link HostDriver} on a worker pool, in parallel), collects the wave's outcomes as they arrive, and lets the
 * {@link Rollout} decide from them sorted by host id — so the fleet's outcome does not depend on arrival order or
 * on the number of workers. Replies with the {@link RolloutResult} once the rollout (and any rollback) is over,
 * then stops.
 */
public final class RolloutCoordinator extends AbstractBehavior<RolloutCoordinator.Command> {

    /** Messages the rollout coordinator understands. */
    public sealed interface Command {
    }

    /** Run the rollout; reply with its result (or the failure of a host driver). */
    public record Start(ActorRef<StatusReply<RolloutResult>> replyTo) implements Command {
    }

    /** A host's command finished. */
    private record HostDone(HostOutcome outcome) implements Command {
    }

    /** A host driver failed (a simulator error, not a failed apply). */
    private record HostFailed(HostCommand command, Throwable error) implements Command {
    }

    private final Rollout rollout;
    private final HostDriver driver;
    private final Executor workers;
    private ActorRef<StatusReply<RolloutResult>> replyTo;

    private RolloutCoordinator(ActorContext<Command> context, Rollout rollout, HostDriver driver, Executor workers) {
        super(context);
        this.rollout = rollout;
        this.driver = driver;
        this.workers = workers;
    }

    /** A coordinator of {@code rollout} running host commands with {@code driver} on {@code workers}. */
    public static Behavior<Command> create(Rollout rollout, HostDriver driver, Executor workers) {
        return Behaviors.setup(ctx -> new RolloutCoordinator(ctx, rollout, driver, workers));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Start.class, this::onStart)
                .onMessage(HostDone.class, this::onHostDone)
                .onMessage(HostFailed.class, this::onHostFailed)
                .build();
    }

    private Behavior<Command> onStart(Start msg) {
        replyTo = msg.replyTo();
        return guarded(() -> dispatch(rollout.start()));
    }

    private Behavior<Command> onHostDone(HostDone msg) {
        return guarded(() -> rollout.record(msg.outcome()) ? dispatch(rollout.decide()) : this);
    }

    private Behavior<Command> onHostFailed(HostFailed msg) {
        Throwable e = msg.error() instanceof CompletionException c && c.getCause() != null ? c.getCause() : msg.error();
        return fail("host " + msg.command().host() + " failed to run: " + e);
    }

    /** Runs a step of the rollout; a failure of its logic ends the rollout with an error reply, not a hang. */
    private Behavior<Command> guarded(Supplier<Behavior<Command>> step) {
        try {
            return step.get();
        } catch (RuntimeException e) {
            return fail("the rollout failed: " + e);
        }
    }

    private Behavior<Command> fail(String message) {
        replyTo.tell(StatusReply.error(message));
        return Behaviors.stopped();
    }

    /** Sends a wave's commands to the workers, or replies and stops once the rollout is over. */
    private Behavior<Command> dispatch(List<HostCommand> commands) {
        if (rollout.finished()) {
            replyTo.tell(StatusReply.success(rollout.result()));
            return Behaviors.stopped();
        }
        for (HostCommand c : commands) {
            getContext().pipeToSelf(CompletableFuture.supplyAsync(() -> driver.run(c), workers),
                    (outcome, error) -> error == null ? new HostDone(outcome) : new HostFailed(c, error));
        }
        return this;
    }
}
