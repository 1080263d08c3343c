package dev.quiesce.cluster.rollout;

import dev.quiesce.cluster.wire.ClusterMessage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rollout manager's state without actors: the rollouts begun (with their fleet), in order, and how each one that
 * ended ended. Rebuilt from the manager's journal.
 */
public final class RolloutBook {

    /** Manager journal events. */
    public sealed interface Event extends ClusterMessage {
    }

    /** Rollout {@code rolloutId} of {@code fleet} was begun. */
    public record Begun(String rolloutId, FleetSpec fleet) implements Event {
    }

    /** Rollout {@code rolloutId} ended: with {@code traceHash}, or failed for {@code detail}. */
    public record Ended(String rolloutId, boolean failed, String traceHash, String detail) implements Event {
    }

    private final Map<String, FleetSpec> begun = new LinkedHashMap<>();
    private final Map<String, Ended> ended = new LinkedHashMap<>();

    /** Applies a journaled event. */
    public void apply(Event e) {
        switch (e) {
            case Begun b -> begun.putIfAbsent(b.rolloutId(), b.fleet());
            case Ended x -> ended.putIfAbsent(x.rolloutId(), x);
        }
    }

    /** The fleet of rollout {@code id}, or null if it was never begun. */
    public FleetSpec fleet(String id) {
        return begun.get(id);
    }

    /** How rollout {@code id} ended, or null while it runs (or if unknown). */
    public Ended ended(String id) {
        return ended.get(id);
    }

    /** The rollouts begun and not ended, in the order begun. */
    public List<String> running() {
        return begun.keySet().stream().filter(id -> !ended.containsKey(id)).toList();
    }
}
