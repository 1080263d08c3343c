package dev.quiesce.cluster.rollout;

import dev.quiesce.cluster.node.ClusterNode;
import dev.quiesce.fleet.rollout.Rollout;
import dev.quiesce.fleet.rollout.RolloutResult;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.persistence.jdbc.query.javadsl.JdbcReadJournal;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.stream.javadsl.Sink;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What a node that starts a rollout does: it asks the {@link RolloutManager} singleton (through its proxy) to begin
 * the rollout, asks where it stands until it is over — a question unanswered while the singleton moves is simply asked
 * again — and then rebuilds the result from the rollout's journal: its events replayed into a fresh rollout, whose
 * fleet trace hash must be the one the manager recorded.
 */
public final class RolloutClient {

    private static final Duration ASK = Duration.ofSeconds(3);
    private static final long POLL_MS = 250;

    private final ActorSystem<?> system;
    private final ActorRef<RolloutManager.Command> manager;

    /** A client of {@code system}'s cluster (a node with the shared journal configured). */
    public RolloutClient(ActorSystem<?> system) {
        this.system = system;
        this.manager = ClusterNode.manager(system);
    }

    /**
     * Begins (or re-attaches to) rollout {@code id} of {@code fleet} and waits until it is over, or {@code timeout}
     * passes; each status heard goes to {@code progress}.
     *
     * @throws IllegalStateException if the rollout failed, or did not end in time
     */
    public RolloutResult run(String id, FleetSpec fleet, Duration timeout, Consumer<RolloutStatus> progress) {
        RolloutStatus status = null;
        boolean begun = false;
        // time is counted by what the loop waits (no clock): each round waits POLL_MS, an unanswered ask ASK more
        for (long waited = 0; waited < timeout.toMillis(); waited += POLL_MS) {
            boolean query = begun;
            RolloutStatus s = ask(r -> query ? new RolloutManager.Query(id, r) : new RolloutManager.Begin(id, fleet, r));
            if (s == null) {
                waited += ASK.toMillis();
            } else {
                status = s;
                progress.accept(s);
                begun = s.state() != RolloutStatus.State.UNKNOWN;
                if (s.over()) {
                    break;
                }
            }
            CompletableFuture.runAsync(() -> { }, CompletableFuture.delayedExecutor(POLL_MS, TimeUnit.MILLISECONDS))
                    .join();
        }
        if (status == null || !status.over()) {
            throw new IllegalStateException("rollout " + id + " did not end within " + timeout
                    + (status == null ? " (the rollout manager never answered)" : "; last status " + status));
        }
        if (status.state() == RolloutStatus.State.FAILED) {
            throw new IllegalStateException("rollout " + id + " failed: " + status.detail());
        }
        RolloutResult result = replay(id, fleet.rollouts());
        if (!result.traceHash().equals(status.traceHash())) {
            throw new IllegalStateException("rollout " + id + ": the journal replays to fleet trace hash "
                    + result.traceHash() + " but the rollout ended with " + status.traceHash());
        }
        return result;
    }

    /** The result of rollout {@code id} rebuilt from its journal into the rollout {@code fresh} makes. */
    public RolloutResult replay(String id, Supplier<Rollout> fresh) {
        List<RolloutEvent> events = events(PersistentRollout.persistenceId(id)).stream()
                .map(e -> (RolloutEvent) e).toList();
        RolloutProgress progress = new RolloutProgress(fresh.get());
        events.forEach(progress::apply);
        if (!progress.finished()) {
            throw new IllegalStateException("the journal of rollout " + id + " (" + events.size()
                    + " events) does not reach the rollout's end");
        }
        return progress.result();
    }

    /** The events journaled under {@code persistenceId}, in order. */
    public List<Object> events(String persistenceId) {
        JdbcReadJournal journal = PersistenceQuery.get(system).getReadJournalFor(JdbcReadJournal.class,
                JdbcReadJournal.Identifier());
        return journal.currentEventsByPersistenceId(persistenceId, 0L, Long.MAX_VALUE)
                .map(EventEnvelope::event).runWith(Sink.seq(), system).toCompletableFuture().join();
    }

    private RolloutStatus ask(java.util.function.Function<ActorRef<RolloutStatus>, RolloutManager.Command> msg) {
        try {
            return AskPattern.ask(manager, msg::apply, ASK, system.scheduler()).toCompletableFuture().join();
        } catch (CompletionException e) {
            return null; // the singleton is starting or moving: ask again
        }
    }
}
