package dev.quiesce.fleet.rollout;

import dev.quiesce.splice.registry.Action;

import java.util.List;
import java.util.Objects;

/**
 * What became of one {@link HostCommand}: the payloads it got through (in order; a host stops at its first failure),
 * the cause of that failure, the host's virtual time from its first hypercall to settlement, and its attempts.
 *
 * @param host       the host id
 * @param action     the command's action
 * @param done       the payloads applied (or reverted), in order
 * @param cause      why it stopped short; {@link FailureCause#NONE} when every payload got through
 * @param durationNs the host's virtual time for the command
 * @param attempts   hypercalls made, retries included
 * @param detail     the failure's message (the master's log line, the violation and its replay line), or empty
 */
public record HostOutcome(int host, Action action, List<String> done, FailureCause cause, long durationNs,
                          int attempts, String detail) {

    public HostOutcome {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(cause, "cause");
        done = List.copyOf(done);
        detail = detail == null ? "" : detail;
        if (durationNs < 0 || attempts < 0) {
            throw new IllegalArgumentException("duration and attempts must not be negative");
        }
    }

    /** Whether every payload of the command got through. */
    public boolean ok() {
        return !cause.failed();
    }
}
