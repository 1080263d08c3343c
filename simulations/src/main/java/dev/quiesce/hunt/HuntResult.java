package dev.quiesce.hunt;

import dev.quiesce.coordinator.oracle.Violation;
import dev.quiesce.scenario.Scenario;
import dev.quiesce.scenario.ScenarioResult;

/**
 * How a hunt ended: the first violating candidate (lowest index) with its scenario, run and violation, or none
 * within the budget.
 *
 * @param executions          executions up to and including the violating one, or all of them when none violated
 * @param candidate           the violating candidate, or null
 * @param scenario            its full scenario (seed and injections), or the hunted scenario when none violated
 * @param result              its run, or null
 * @param violation           the oracle's violation, or null
 * @param executionsPerSecond wall-clock throughput, for display only
 */
public record HuntResult(int executions, Candidate candidate, Scenario scenario, ScenarioResult result,
                         Violation violation, double executionsPerSecond) {

    /** Whether a candidate violated the oracle. */
    public boolean found() {
        return violation != null;
    }
}
