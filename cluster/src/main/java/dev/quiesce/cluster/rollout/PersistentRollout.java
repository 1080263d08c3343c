package dev.quiesce.cluster.rollout;

import dev.quiesce.cluster.host.HostEntity;
import dev.quiesce.cluster.host.HostReply;
import dev.quiesce.cluster.node.ClusterSettings;
import dev.quiesce.fleet.rollout.Rollout;
import dev.quiesce.fleet.rollout.RolloutResult;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The rollout as an event-sourced actor (persistence id "rollout-{id}"): it journals each wave's decision and each
 * host command (with its action id and attempt) before sending the commands through Cluster Sharding to the {@link
 * HostEntity}s of the rollout, and the hosts' outcomes as they arrive (in batches: the replies that queued during one
 * write go in the next); a {@link RolloutProgress} replayed from the journal decides. Started again with the same id
 * after a crash (or on another node, as {@link RolloutManager}'s child), it recovers and re-issues only the commands
 * without a recorded outcome, with their action ids. A command unanswered for {@code redeliver-after} is delivered
 * again with the next attempt number (the host recognises its action id); with commands open and no reply for {@code
 * host-timeout} the rollout fails. Replies with the {@link RolloutResult} once the rollout is over, then stops.
 */
public final class PersistentRollout extends EventSourcedBehavior<PersistentRollout.Command, RolloutEvent,
        RolloutProgress> {

    /** Messages the persistent rollout understands. */
    public sealed interface Command {
    }

    /** Run (or resume) the rollout; reply with its result, or an error if a host could not run its command. */
    public record Start(ActorRef<StatusReply<RolloutResult>> replyTo) implements Command {
    }

    /** Reply with where the rollout stands (waves decided, outcomes recorded). */
    public record Progress(ActorRef<RolloutStatus> replyTo) implements Command {
    }

    /** A host entity replied (local, through a message adapter). */
    private record Replied(HostReply reply) implements Command {
    }

    /** Journal the replies buffered so far (local). */
    private enum Flush implements Command { INSTANCE }

    /** Recorded outcomes are journaled: decide what comes next (local). */
    private enum Proceed implements Command { INSTANCE }

    /** Re-deliver what stayed open since the last tick; fail if nothing was heard for too long (local timer). */
    private enum Tick implements Command { INSTANCE }

    /** Recovered again after a journal failure while running: go on where the journal stands (local). */
    private enum Resume implements Command { INSTANCE }

    private final ActorContext<Command> context;
    private final TimerScheduler<Command> timers;
    private final String id;
    private final Supplier<Rollout> fresh;
    private final FleetSpec fleet;
    private final ClusterSettings settings;
    private final ClusterSharding sharding;
    private final ActorRef<HostReply> replies;
    private final Redelivery redelivery;
    private final List<HostReply> buffered = new ArrayList<>();
    private ActorRef<StatusReply<RolloutResult>> replyTo;

    private PersistentRollout(ActorContext<Command> context, TimerScheduler<Command> timers, String id,
                              Supplier<Rollout> fresh, FleetSpec fleet, ClusterSettings settings) {
        super(PersistenceId.ofUniqueId("rollout-" + id), SupervisorStrategy.restartWithBackoff(
                Duration.ofMillis(200), Duration.ofSeconds(5), 0.1));
        this.context = context;
        this.timers = timers;
        this.id = id;
        this.fresh = fresh;
        this.fleet = fleet;
        this.settings = settings;
        this.sharding = ClusterSharding.get(context.getSystem());
        this.replies = context.messageAdapter(HostReply.class, Replied::new);
        this.redelivery = new Redelivery(ticks(settings.hostTimeout(), settings.redeliverAfter()));
    }

    /**
     * The rollout journaled as "rollout-{@code id}" of {@code fleet}'s hosts; {@code fresh} makes the rollout not
     * started yet (the same every time: recovery replays the journal into it).
     */
    public static Behavior<Command> create(String id, Supplier<Rollout> fresh, FleetSpec fleet,
                                           ClusterSettings settings) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers ->
                new PersistentRollout(ctx, timers, id, fresh, fleet, settings)));
    }

    /** The persistence id of rollout {@code id}'s journal. */
    public static String persistenceId(String id) {
        return "rollout-" + id;
    }

    @Override
    public RolloutProgress emptyState() {
        return new RolloutProgress(fresh.get());
    }

    @Override
    public CommandHandler<Command, RolloutEvent, RolloutProgress> commandHandler() {
        return newCommandHandlerBuilder().forAnyState()
                .onCommand(Start.class, this::onStart)
                .onCommand(Progress.class, this::onProgress)
                .onCommand(Replied.class, this::onReplied)
                .onCommand(Flush.class, this::onFlush)
                .onCommand(Proceed.class, (state, msg) -> proceed(state, false))
                .onCommand(Tick.class, this::onTick)
                .onCommand(Resume.class, (state, msg) -> proceed(state, true))
                .build();
    }

    /**
     * On every recovery — the first, and each one after a journal failure restarted the rollout (the journal was
     * unreachable: a write or a read failed) — the re-delivery timer starts (a restart cancels it); after a restart
     * the rollout goes on as if started again: it declares a wave whose write failed, and re-sends the open commands.
     */
    @Override
    public SignalHandler<RolloutProgress> signalHandler() {
        return newSignalHandlerBuilder().onSignal(RecoveryCompleted.instance(), state -> {
            timers.startTimerWithFixedDelay(Tick.INSTANCE, settings.redeliverAfter());
            if (replyTo != null) {
                context.getLog().warn("rollout {} recovered from its journal after a journal failure: {} outcomes"
                        + " recorded, {} commands open", id, state.outcomes(), state.open().size());
                context.getSelf().tell(Resume.INSTANCE);
            }
        }).build();
    }

    @Override
    public EventHandler<RolloutProgress, RolloutEvent> eventHandler() {
        return newEventHandlerBuilder().forAnyState().onAnyEvent((state, event) -> {
            // Pekko takes the empty state once per actor and replays into it again after a journal failure
            // restarted the rollout; the state is mutable, so every replay starts afresh at the journal's first
            // event (the first wave's decision, journaled once)
            RolloutProgress s = event instanceof RolloutEvent.WaveDecided w && w.wave() == 1
                    ? new RolloutProgress(fresh.get()) : state;
            s.apply(event);
            return s;
        });
    }

    private Effect<RolloutEvent, RolloutProgress> onStart(RolloutProgress state, Start msg) {
        replyTo = msg.replyTo();
        return proceed(state, true);
    }

    private Effect<RolloutEvent, RolloutProgress> onProgress(RolloutProgress state, Progress msg) {
        msg.replyTo().tell(RolloutStatus.running(id, state.waves(), state.outcomes(), state.open().size(),
                context.getSystem()));
        return Effect().none();
    }

    private Effect<RolloutEvent, RolloutProgress> onReplied(RolloutProgress state, Replied msg) {
        if (msg.reply().outcome() == null) {
            return fail("a host could not run its command: " + msg.reply().error());
        }
        if (buffered.isEmpty()) {
            context.getSelf().tell(Flush.INSTANCE);
        }
        buffered.add(msg.reply());
        return Effect().none();
    }

    private Effect<RolloutEvent, RolloutProgress> onFlush(RolloutProgress state, Flush msg) {
        List<RolloutEvent> events = state.recordings(buffered);
        buffered.clear();
        if (events.isEmpty()) {
            return Effect().none();
        }
        redelivery.heard();
        return Effect().persist(events).thenRun(s -> context.getSelf().tell(Proceed.INSTANCE));
    }

    private Effect<RolloutEvent, RolloutProgress> onTick(RolloutProgress state, Tick msg) {
        List<RolloutProgress.Issued> again = redelivery.tick(state.open());
        if (redelivery.stalled()) {
            return fail("no host replied for " + settings.hostTimeout() + " while " + state.open().size()
                    + " commands were open (first: host " + state.open().getFirst().command().host() + ", action "
                    + state.open().getFirst().actionId() + "); quiesce.cluster.host-timeout");
        }
        again.forEach(i -> send(i, redelivery.attempt(i)));
        return Effect().none();
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
            return Effect().persist(wave).thenRun(s -> s.open().forEach(i -> send(i, i.attempt())));
        }
        return resend ? Effect().none().thenRun(s -> s.open().forEach(i -> send(i, i.attempt()))) : Effect().none();
    }

    private void send(RolloutProgress.Issued i, int attempt) {
        sharding.entityRefFor(HostEntity.TYPE, HostEntity.entityId(id, i.command().host()))
                .tell(new HostEntity.Run(fleet, i.command(), i.actionId(), attempt, replies));
    }

    private Effect<RolloutEvent, RolloutProgress> fail(String message) {
        context.getLog().error("rollout {} failed: {}", id, message);
        if (replyTo != null) {
            replyTo.tell(StatusReply.error(message));
        }
        return Effect().stop();
    }

    private static int ticks(Duration timeout, Duration tick) {
        return (int) Math.max(1, Math.ceilDiv(timeout.toMillis(), tick.toMillis()));
    }
}
