package dev.quiesce.history;

import dev.quiesce.hunt.BatchRunner;
import dev.quiesce.scenario.Scenario;
import dev.quiesce.scenario.ScenarioLoader;
import dev.quiesce.scenario.ScenarioResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The search for a case's documented seed ({@code quiesce history run CASE --find-seed}): seeds {@code from},
 * {@code from+1}, … in parallel batches, the first (lowest) whose buggy run violates the case's oracle, whose replay
 * reproduces it and whose fixed run is clean. The answer does not depend on the thread count. When the simulator's
 * timing changes and trace hashes move, this re-finds a seed to put in the case file.
 */
public final class SeedSearch {

    private SeedSearch() {
    }

    /** The first seed of {@code count} from {@code from} at which case {@code c} holds, or empty. */
    public static Optional<SeedCheck> find(HistoryCase c, long from, int count, int threads) {
        if (count < 1 || count > 1_000_000) {
            throw new IllegalArgumentException("the seeds to search must be 1..1000000, not " + count);
        }
        int batch = Math.max(1, 4 * threads);
        try (BatchRunner runner = new BatchRunner(threads)) {
            for (int j = 0; j < count; j += batch) {
                List<Scenario> scenarios = new ArrayList<>();
                for (int i = j; i < Math.min(count, j + batch); i++) {
                    scenarios.add(ScenarioLoader.load(c.source(), c.buggySets(from + i)));
                }
                for (ScenarioResult r : runner.run(scenarios)) {
                    if (c.oracle().violation(r).isPresent()) {
                        SeedCheck check = SeedCheck.run(c, r.scenario().seed());
                        if (check.holds()) {
                            return Optional.of(check);
                        }
                    }
                }
            }
        }
        return Optional.empty();
    }
}
