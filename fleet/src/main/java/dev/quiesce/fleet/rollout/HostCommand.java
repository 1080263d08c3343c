package dev.quiesce.fleet.rollout;

import dev.quiesce.splice.registry.Action;

import java.util.List;
import java.util.Objects;

/**
 * What the rollout asks of one host: apply its payload stack in order, or revert payloads in the order given (the
 * rollback gives them last-applied first).
 *
 * @param host     the host id
 * @param action   {@link Action#APPLY} or {@link Action#REVERT}
 * @param payloads the payloads, in the order to act on them
 */
public record HostCommand(int host, Action action, List<String> payloads) {

    public HostCommand {
        Objects.requireNonNull(action, "action");
        payloads = List.copyOf(payloads);
        if (host < 0 || payloads.isEmpty()) {
            throw new IllegalArgumentException("a host command needs a host id >= 0 and at least one payload");
        }
    }
}
