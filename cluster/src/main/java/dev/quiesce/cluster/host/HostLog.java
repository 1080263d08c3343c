package dev.quiesce.cluster.host;

import dev.quiesce.cluster.rollout.FleetSpec;
import dev.quiesce.cluster.wire.ClusterMessage;
import dev.quiesce.fleet.rollout.HostCommand;
import dev.quiesce.fleet.rollout.HostOutcome;
import dev.quiesce.splice.registry.Action;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;

/**
 * A host entity's state without actors: the commands it accepted, in order, keyed by action id (a re-delivered
 * command is recognised by its action id whatever its delivery attempt), the outcome of each once it ran, and the
 * payload stack those outcomes leave on the host. Recording an outcome checks the stack: a payload applied while it
 * is already on the stack, or a revert of a payload that is not on top, is refused — the host's own proof that
 * nothing is applied twice. Rebuilt after a restart by running the accepted commands again, in order (the hosts are
 * deterministic).
 */
public final class HostLog {

    /** A command the host accepted, journaled as the entity's event. */
    public record Accepted(FleetSpec fleet, HostCommand command, long actionId, int attempt) implements ClusterMessage {
    }

    private final SequencedMap<Long, Accepted> accepted = new LinkedHashMap<>();
    private final Map<Long, HostOutcome> outcomes = new LinkedHashMap<>();
    private final List<String> stack = new ArrayList<>();

    /** Whether the command with {@code actionId} was accepted (by this incarnation or one before it). */
    public boolean knows(long actionId) {
        return accepted.containsKey(actionId);
    }

    /** Records an accepted command (live or replayed from the journal). */
    public void accept(Accepted a) {
        if (accepted.putIfAbsent(a.actionId(), a) != null) {
            throw new IllegalStateException("host " + a.command().host() + " accepted action " + a.actionId()
                    + " twice");
        }
    }

    /** The outcome of {@code actionId}, or null while it has not run (in this incarnation). */
    public HostOutcome outcome(long actionId) {
        return outcomes.get(actionId);
    }

    /** The accepted commands without an outcome, in the order they were accepted. */
    public List<Accepted> pending() {
        return accepted.values().stream().filter(a -> !outcomes.containsKey(a.actionId())).toList();
    }

    /**
     * Records {@code outcome} of {@code actionId} and moves the payload stack.
     *
     * @return empty, or why the outcome is refused (it would apply a payload twice or revert one not on top)
     */
    public String record(long actionId, HostOutcome outcome) {
        Accepted a = accepted.get(actionId);
        if (a == null || outcomes.containsKey(actionId)) {
            return "host " + outcome.host() + " has no pending action " + actionId;
        }
        List<String> next = new ArrayList<>(stack);
        for (String p : outcome.done()) {
            if (a.command().action() == Action.APPLY) {
                if (next.contains(p)) {
                    return "host " + outcome.host() + ": action " + actionId + " would apply " + p
                            + " a second time (stack " + stack + ")";
                }
                next.add(p);
            } else if (next.isEmpty() || !next.getLast().equals(p)) {
                return "host " + outcome.host() + ": action " + actionId + " reverts " + p + " which is not on top"
                        + " (stack " + stack + ")";
            } else {
                next.removeLast();
            }
        }
        stack.clear();
        stack.addAll(next);
        outcomes.put(actionId, outcome);
        return "";
    }

    /** The payloads applied on the host, bottom first. */
    public List<String> stack() {
        return List.copyOf(stack);
    }

    /** How many commands the host accepted. */
    public int size() {
        return accepted.size();
    }
}
