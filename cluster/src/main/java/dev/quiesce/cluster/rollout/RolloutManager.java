package dev.quiesce.cluster.rollout;

import dev.quiesce.cluster.node.ClusterNode;
import dev.quiesce.cluster.node.ClusterSettings;
import dev.quiesce.cluster.wire.ClusterMessage;
import dev.quiesce.fleet.rollout.Rollout;
import dev.quiesce.fleet.rollout.RolloutResult;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The fleet's rollout manager, run as a Cluster Singleton on the host nodes (it moves to the next oldest node when
 * its node is lost): it journals each rollout it begins and how it ended, runs each running rollout as a {@link
 * PersistentRollout} child, and answers where a rollout stands. Started on a new node, it recovers its journal and
 * starts the children of the rollouts that had not ended — each resumes from its own journal.
 */
public final class RolloutManager extends EventSourcedBehavior<RolloutManager.Command, RolloutBook.Event,
        RolloutBook> {

    /** The manager's persistence id. */
    public static final String PERSISTENCE_ID = "quiesce-rollouts";

    /** Messages the manager understands. */
    public sealed interface Command {
    }

    /** Begin rollout {@code rolloutId} of {@code fleet} (or re-attach to it); reply with its status. */
    public record Begin(String rolloutId, FleetSpec fleet, ActorRef<RolloutStatus> replyTo)
            implements Command, ClusterMessage {
    }

    /** Reply with where rollout {@code rolloutId} stands. */
    public record Query(String rolloutId, ActorRef<RolloutStatus> replyTo) implements Command, ClusterMessage {
    }

    /** A child rollout ended (local). */
    private record ChildEnded(String rolloutId, RolloutResult result, Throwable error) implements Command {
    }

    /** A rollout's child could not be started (local): its fleet no longer loads. */
    private record CannotStart(String rolloutId, String reason) implements Command {
    }

    /** A child rollout stopped (local): restarted unless it ended (it may have replied just before). */
    private record ChildStopped(String rolloutId) implements Command {
    }

    /** How often a child that stops without ending is started again before its rollout counts as failed. */
    private static final int RESTARTS = 3;

    private final ActorContext<Command> context;
    private final Function<FleetSpec, Supplier<Rollout>> rollouts;
    private final ClusterSettings settings;
    private final Map<String, ActorRef<PersistentRollout.Command>> children = new HashMap<>();
    private final Map<String, Integer> restarts = new HashMap<>();

    private RolloutManager(ActorContext<Command> context, Function<FleetSpec, Supplier<Rollout>> rollouts,
                           ClusterSettings settings) {
        super(PersistenceId.ofUniqueId(PERSISTENCE_ID), SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200),
                Duration.ofSeconds(5), 0.1));
        this.context = context;
        this.rollouts = rollouts;
        this.settings = settings;
    }

    /** A manager making each fleet's fresh rollout with {@code rollouts}. */
    public static Behavior<Command> create(Function<FleetSpec, Supplier<Rollout>> rollouts, ClusterSettings settings) {
        return Behaviors.setup(ctx -> new RolloutManager(ctx, rollouts, settings));
    }

    @Override
    public RolloutBook emptyState() {
        return new RolloutBook();
    }

    @Override
    public CommandHandler<Command, RolloutBook.Event, RolloutBook> commandHandler() {
        return newCommandHandlerBuilder().forAnyState()
                .onCommand(Begin.class, this::onBegin)
                .onCommand(Query.class, this::onQuery)
                .onCommand(ChildEnded.class, this::onChildEnded)
                .onCommand(ChildStopped.class, this::onChildStopped)
                .onCommand(CannotStart.class, (book, msg) -> book.ended(msg.rolloutId()) != null ? Effect().none()
                        : Effect().persist(new RolloutBook.Ended(msg.rolloutId(), true, "", msg.reason())))
                .build();
    }

    @Override
    public EventHandler<RolloutBook, RolloutBook.Event> eventHandler() {
        return newEventHandlerBuilder().forAnyState().onAnyEvent((book, event) -> {
            book.apply(event);
            return book;
        });
    }

    @Override
    public SignalHandler<RolloutBook> signalHandler() {
        return newSignalHandlerBuilder().onSignal(RecoveryCompleted.instance(),
                book -> book.running().forEach(id -> startChild(id, book.fleet(id)))).build();
    }

    private Effect<RolloutBook.Event, RolloutBook> onBegin(RolloutBook book, Begin msg) {
        if (book.fleet(msg.rolloutId()) != null) {
            return onQuery(book, new Query(msg.rolloutId(), msg.replyTo()));
        }
        try {
            rollouts.apply(msg.fleet()).get();
        } catch (RuntimeException e) {
            msg.replyTo().tell(RolloutStatus.of(msg.rolloutId(), RolloutStatus.State.FAILED, "",
                    "cannot load the fleet " + msg.fleet().scenario() + ": " + e.getMessage(), context.getSystem()));
            return Effect().none();
        }
        return Effect().persist(new RolloutBook.Begun(msg.rolloutId(), msg.fleet())).thenRun(b -> {
            startChild(msg.rolloutId(), msg.fleet());
            msg.replyTo().tell(RolloutStatus.running(msg.rolloutId(), 0, 0, 0, context.getSystem()));
        });
    }

    private Effect<RolloutBook.Event, RolloutBook> onQuery(RolloutBook book, Query msg) {
        RolloutBook.Ended ended = book.ended(msg.rolloutId());
        ActorRef<PersistentRollout.Command> child = children.get(msg.rolloutId());
        if (ended != null) {
            msg.replyTo().tell(RolloutStatus.of(msg.rolloutId(), ended.failed() ? RolloutStatus.State.FAILED
                    : RolloutStatus.State.DONE, ended.traceHash(), ended.detail(), context.getSystem()));
        } else if (book.fleet(msg.rolloutId()) == null) {
            msg.replyTo().tell(RolloutStatus.of(msg.rolloutId(), RolloutStatus.State.UNKNOWN, "", "",
                    context.getSystem()));
        } else if (child != null) {
            child.tell(new PersistentRollout.Progress(msg.replyTo()));
        } else {
            msg.replyTo().tell(RolloutStatus.running(msg.rolloutId(), 0, 0, 0, context.getSystem()));
        }
        return Effect().none();
    }

    private Effect<RolloutBook.Event, RolloutBook> onChildEnded(RolloutBook book, ChildEnded msg) {
        if (book.ended(msg.rolloutId()) != null) {
            return Effect().none();
        }
        RolloutBook.Ended ended = msg.error() == null
                ? new RolloutBook.Ended(msg.rolloutId(), false, msg.result().traceHash(), "")
                : new RolloutBook.Ended(msg.rolloutId(), true, "", msg.error().getMessage());
        return Effect().persist(ended);
    }

    private Effect<RolloutBook.Event, RolloutBook> onChildStopped(RolloutBook book, ChildStopped msg) {
        children.remove(msg.rolloutId());
        if (book.ended(msg.rolloutId()) != null) {
            return Effect().none();
        }
        if (restarts.merge(msg.rolloutId(), 1, Integer::sum) <= RESTARTS) {
            startChild(msg.rolloutId(), book.fleet(msg.rolloutId()));
            return Effect().none();
        }
        return Effect().persist(new RolloutBook.Ended(msg.rolloutId(), true, "", "the rollout stopped " + RESTARTS
                + " times without ending; see the log of node " + ClusterNode.hostPort(context.getSystem())));
    }

    private void startChild(String id, FleetSpec fleet) {
        Supplier<Rollout> fresh;
        try {
            fresh = rollouts.apply(fleet);
        } catch (RuntimeException e) {
            context.getLog().error("rollout {} cannot resume: {}", id, e.getMessage());
            context.getSelf().tell(new CannotStart(id, "cannot load the fleet " + fleet.scenario() + " to resume: "
                    + e.getMessage()));
            return;
        }
        ActorRef<PersistentRollout.Command> child = context.spawn(
                PersistentRollout.create(id, fresh, fleet, settings),
                childName(id) + "-" + restarts.getOrDefault(id, 0));
        children.put(id, child);
        context.watchWith(child, new ChildStopped(id));
        context.askWithStatus(RolloutResult.class, child, Duration.ofDays(30), PersistentRollout.Start::new,
                (result, error) -> new ChildEnded(id, result, error));
    }

    private static String childName(String id) {
        return "rollout-" + URLEncoder.encode(id, StandardCharsets.UTF_8);
    }
}
