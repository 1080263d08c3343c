package dev.quiesce.cli;

import dev.quiesce.time.SuppressForbidden;

import java.util.UUID;

/** Rollout ids for the shared journal: the fleet scenario's name and a random suffix, so runs never collide. */
final class RolloutIds {

    private RolloutIds() {
    }

    /** A new rollout id for fleet {@code name}. */
    @SuppressForbidden("a rollout's identity in a shared database, not a simulation decision: the trace hash"
            + " never depends on it")
    static String fresh(String name) {
        String suffix = UUID.randomUUID().toString().substring(0, 8); // forbidden-ok: run identity, not a decision
        return name.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + suffix;
    }
}
