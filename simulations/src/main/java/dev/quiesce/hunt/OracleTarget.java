package dev.quiesce.hunt;

import dev.quiesce.coordinator.oracle.Oracle;
import dev.quiesce.coordinator.oracle.Oracles;
import dev.quiesce.coordinator.oracle.Violation;
import dev.quiesce.scenario.Scenario;
import dev.quiesce.scenario.ScenarioResult;

import java.util.Optional;

/**
 * The oracle a hunt or a shrink wants violated, by its canonical name ({@code NoTornFetch}).
 *
 * @param name the oracle's name as {@link Oracles#names()} spells it
 */
public record OracleTarget(String name) {

    /** The oracle called {@code name} (any case); an {@link IllegalArgumentException} lists the known ones. */
    public static OracleTarget of(String name) {
        if (name == null || name.isBlank() || name.strip().equalsIgnoreCase("all")) {
            throw new IllegalArgumentException("--oracle must name one oracle of " + Oracles.names()
                    + ", not '" + name + "'");
        }
        return new OracleTarget(Oracles.parse(java.util.List.of(name)).getFirst().name());
    }

    /** Fails with a message saying how to enable it unless {@code s} checks this oracle. */
    public void requireCheckedBy(Scenario s) {
        boolean checked = !s.oracles().isEmpty()
                && Oracles.parse(s.oracles()).stream().map(Oracle::name).anyMatch(name::equals);
        if (!checked) {
            throw new IllegalArgumentException("scenario %s does not check %s (its oracles are %s); add --set 'oracles=[%s]'"
                    .formatted(s.source(), name, s.oracles(), name));
        }
    }

    /** This oracle's violation in {@code r}, if any. */
    public Optional<Violation> violation(ScenarioResult r) {
        return r.violations().stream().filter(v -> v.oracle().equals(name)).findFirst();
    }
}
