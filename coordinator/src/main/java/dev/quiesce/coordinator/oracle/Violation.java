package dev.quiesce.coordinator.oracle;

import java.util.Objects;

/**
 * A broken claim: which oracle, when, on which CPU (-1 for the host), and what happened in one sentence.
 */
public record Violation(String oracle, long timeNs, int cpu, String message) {

    public Violation {
        Objects.requireNonNull(oracle, "oracle");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return "%s violated at t=%dns%s: %s".formatted(oracle, timeNs, cpu < 0 ? "" : " on CPU " + cpu, message);
    }
}
