package dev.quiesce.cluster.rollout;

import dev.quiesce.cluster.node.ClusterNode;
import dev.quiesce.cluster.wire.ClusterMessage;
import org.apache.pekko.actor.typed.ActorSystem;

import java.util.Objects;

/**
 * Where a rollout stands, as {@link RolloutManager} (or the rollout itself) reports it, with the OS process and node
 * running it — the singleton's node.
 *
 * @param rolloutId the rollout's id
 * @param state     unknown, running, done or failed
 * @param waves     waves decided so far
 * @param outcomes  host outcomes recorded so far
 * @param open      host commands issued and not answered yet
 * @param traceHash the fleet trace hash once done, else empty
 * @param detail    why it failed, else empty
 * @param pid       the process that answered
 * @param node      that process's node, host:port
 */
public record RolloutStatus(String rolloutId, State state, int waves, int outcomes, int open, String traceHash,
                            String detail, long pid, String node) implements ClusterMessage {

    /** A rollout's state. */
    public enum State { UNKNOWN, RUNNING, DONE, FAILED }

    public RolloutStatus {
        Objects.requireNonNull(rolloutId, "rolloutId");
        Objects.requireNonNull(state, "state");
        traceHash = traceHash == null ? "" : traceHash;
        detail = detail == null ? "" : detail;
        node = node == null ? "" : node;
    }

    /** A running rollout's status, answered by {@code system}'s process. */
    static RolloutStatus running(String id, int waves, int outcomes, int open, ActorSystem<?> system) {
        return new RolloutStatus(id, State.RUNNING, waves, outcomes, open, "", "", ProcessHandle.current().pid(),
                ClusterNode.hostPort(system));
    }

    /** A status of {@code state} with no counts, answered by {@code system}'s process. */
    static RolloutStatus of(String id, State state, String traceHash, String detail, ActorSystem<?> system) {
        return new RolloutStatus(id, state, 0, 0, 0, traceHash, detail, ProcessHandle.current().pid(),
                ClusterNode.hostPort(system));
    }

    /** Whether the rollout is over (done or failed). */
    public boolean over() {
        return state == State.DONE || state == State.FAILED;
    }
}
