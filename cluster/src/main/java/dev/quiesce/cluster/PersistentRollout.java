package dev.quiesce.cluster;

import dev.quiesce.fleet.rollout.Rollout;
import dev.quiesce.fleet.rollout.RolloutResult;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;

import java.util.List;
import java.util.function.Supplier;

/**
 * The rollout as an event-sourced actor: it journals each wave's decision and each host command (with its action id
 * and attempt) before sending the commands through Cluster Sharding to the {@link HostEntity}s, and each host's
 * outcome as it arrives; a {@link RolloutProgress} replayed from the journal decides. Started again with the same
 * persistence id after a crash, it recovers its progress and re-issues only the commands without a recorded outcome,
 * with the same (action id, attempt). Replies with the {@link RolloutResult} once the rollout is over, then stops.
 * A host that never replies is not timed out yet: the rollout then waits (a restart re-issues the command).
 */
public final class PersistentRollout extends EventSourcedBehavior<PersistentRollout.Command, RolloutEvent,
        RolloutProgress> {

    /** Messages the persistent rollout understands. */
    public sealed interface Command {
    }

    /** Run (or resume) the rollout; reply with its result, or an error if a host could not run its command. */
    public record Start(ActorRef<StatusReply<RolloutResult>> replyTo) implements Command {
    }

    /** A host entity replied (local, through a message adapter). */
    private record Replied(HostReply reply) implements Command {
    }

    /** A recorded outcome is journaled: decide what comes next (local). */
    private record Proceed() implements Command {
    }

    private final ActorContext<Command> context;
    private final Supplier<Rollout> fresh;
    private final FleetSpec fleet;
    private final ClusterSharding sharding;
    private final ActorRef<HostReply> replies;
    private ActorRef<StatusReply<RolloutResult>> replyTo;

    private PersistentRollout(ActorContext<Command> context, String id, Supplier<Rollout> fresh, FleetSpec fleet) {
        super(PersistenceId.ofUniqueId("rollout-" + id));
        this.context = context;
        this.fresh = fresh;
        this.fleet = fleet;
        this.sharding = ClusterSharding.get(context.getSystem());
        this.replies = context.messageAdapter(HostReply.class, Replied::new);
    }

    /**
     * The rollout journaled as "rollout-{@code id}" of {@code fleet}'s hosts; {@code fresh} makes the rollout not
     * started yet (the same every time: recovery replays the journal into it).
     */
    public static Behavior<Command> create(String id, Supplier<Rollout> fresh, FleetSpec fleet) {
        return Behaviors.setup(ctx -> new PersistentRollout(ctx, id, fresh, fleet));
    }

    @Override
    public RolloutProgress emptyState() {
        return new RolloutProgress(fresh.get());
    }

    @Override
    public CommandHandler<Command, RolloutEvent, RolloutProgress> commandHandler() {
        return newCommandHandlerBuilder().forAnyState()
                .onCommand(Start.class, this::onStart)
                .onCommand(Replied.class, this::onReplied)
                .onCommand(Proceed.class, (state, msg) -> proceed(state, false))
                .build();
    }

    @Override
    public EventHandler<RolloutProgress, RolloutEvent> eventHandler() {
        return newEventHandlerBuilder().forAnyState().onAnyEvent((state, event) -> {
            state.apply(event);
            return state;
        });
    }

    private Effect<RolloutEvent, RolloutProgress> onStart(RolloutProgress state, Start msg) {
        replyTo = msg.replyTo();
        return proceed(state, true);
    }

    private Effect<RolloutEvent, RolloutProgress> onReplied(RolloutProgress state, Replied msg) {
        if (msg.reply().outcome() == null) {
            return fail("a host could not run its command: " + msg.reply().error());
        }
        RolloutEvent.OutcomeRecorded event = state.recording(msg.reply());
        return event == null ? Effect().none()
                : Effect().persist(event).thenRun(s -> context.getSelf().tell(new Proceed()));
    }

    /** Replies once over; journals and sends a newly decided wave; on (re)start also re-sends the open commands. */
    private Effect<RolloutEvent, RolloutProgress> proceed(RolloutProgress state, boolean resend) {
        if (state.finished()) {
            if (replyTo != null) {
                replyTo.tell(StatusReply.success(state.result()));
            }
            return Effect().stop();
        }
        List<RolloutEvent> wave = state.declare();
        if (!wave.isEmpty()) {
            return Effect().persist(wave).thenRun(this::send);
        }
        return resend ? Effect().none().thenRun(this::send) : Effect().none();
    }

    private void send(RolloutProgress state) {
        for (RolloutProgress.Issued i : state.open()) {
            sharding.entityRefFor(HostEntity.TYPE, Integer.toString(i.command().host()))
                    .tell(new HostEntity.Run(fleet, i.command(), i.actionId(), i.attempt(), replies));
        }
    }

    private Effect<RolloutEvent, RolloutProgress> fail(String message) {
        if (replyTo != null) {
            replyTo.tell(StatusReply.error(message));
        }
        return Effect().stop();
    }
}
