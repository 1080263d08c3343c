package dev.quiesce.sweep;

import java.util.List;

/**
 * What a sweep gave.
 *
 * @param rows           one row per point, in point order, marked on or off the Pareto front
 * @param runs           runs made (points x seeds)
 * @param violatingRuns  runs that violated an oracle
 * @param firstViolating the first violating runs in (point, seed) order, at most {@link SweepRunner#FINDINGS}
 */
public record SweepResult(List<PointRow> rows, int runs, int violatingRuns, List<RunSummary> firstViolating) {

    public SweepResult {
        rows = List.copyOf(rows);
        firstViolating = List.copyOf(firstViolating);
    }
}
