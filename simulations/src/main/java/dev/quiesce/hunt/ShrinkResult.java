package dev.quiesce.hunt;

import dev.quiesce.coordinator.oracle.Violation;
import dev.quiesce.scenario.ScenarioResult;

import java.util.List;

/**
 * How a shrink ended: the smallest violating run it reached, its violation, and the reductions it accepted.
 *
 * @param result     the smallest run that still violates the oracle (its scenario carries the sets)
 * @param violation  that run's violation of the oracle
 * @param runs       executions, the starting run included
 * @param reductions the accepted reductions, in order ({@code host.cpus 8 -> 4})
 */
public record ShrinkResult(ScenarioResult result, Violation violation, int runs, List<String> reductions) {

    public ShrinkResult {
        reductions = List.copyOf(reductions);
    }
}
