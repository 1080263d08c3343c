package dev.quiesce.cluster.rollout;

import dev.quiesce.cluster.wire.ClusterMessage;
import dev.quiesce.fleet.rollout.HostOutcome;

import java.util.List;
import java.util.Objects;

/**
 * An event of a rollout's journal ({@link PersistentRollout}): replayed in order into a {@link RolloutProgress} they
 * rebuild the rollout's state. Stored as protobuf through {@link ClusterSerializer}.
 */
public sealed interface RolloutEvent extends ClusterMessage {

    /** Wave {@code wave} (1..) was decided over {@code hosts}, in launch order. */
    record WaveDecided(int wave, List<Integer> hosts) implements RolloutEvent {
        public WaveDecided {
            hosts = List.copyOf(hosts);
        }
    }

    /** Host {@code host}'s command of the current wave was issued as ({@code actionId}, {@code attempt}). */
    record CommandIssued(int host, long actionId, int attempt) implements RolloutEvent {
    }

    /**
     * Host {@code host} answered its command ({@code actionId}, {@code attempt}) with {@code outcome}; {@code digest}
     * is {@link ClusterCodec#digest(HostOutcome)} of it, checked when the event is replayed.
     */
    record OutcomeRecorded(int host, long actionId, int attempt, HostOutcome outcome, String digest)
            implements RolloutEvent {
        public OutcomeRecorded {
            Objects.requireNonNull(outcome, "outcome");
        }
    }
}
