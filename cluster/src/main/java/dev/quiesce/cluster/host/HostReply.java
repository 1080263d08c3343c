package dev.quiesce.cluster.host;

import dev.quiesce.cluster.wire.ClusterMessage;
import dev.quiesce.fleet.rollout.HostOutcome;

/**
 * A host entity's reply to {@link HostEntity.Run}: the command's outcome, or the error that kept the host from
 * running it (a simulator error, not a failed apply).
 *
 * @param outcome  the outcome, or null when {@code error} is set
 * @param actionId the command's action id
 * @param attempt  the command's delivery attempt
 * @param error    why the host could not run the command, or empty
 */
public record HostReply(HostOutcome outcome, long actionId, int attempt, String error) implements ClusterMessage {

    public HostReply {
        error = error == null ? "" : error;
        if (outcome == null && error.isEmpty()) {
            throw new IllegalArgumentException("a host reply needs an outcome or an error");
        }
    }
}
