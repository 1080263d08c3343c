package dev.quiesce.history.variant;

import dev.quiesce.scenario.ScenarioLoader;
import dev.quiesce.scenario.ScenarioResult;
import dev.quiesce.scenario.ScenarioRunner;
import dev.quiesce.seed.Seed;
import dev.quiesce.sweep.SweepPlan;
import dev.quiesce.sweep.SweepRunner;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Runs a case file of scenarios/history/ as the corpus does: one seed, or a sweep over many (the sweep machinery). */
final class CaseRuns {

    private CaseRuns() {
    }

    /** The case file {@code id}, found from the module directory or the repository root. */
    static String file(String id) {
        for (Path p : List.of(Path.of("../scenarios/history", id + ".conf"), Path.of("scenarios/history", id + ".conf"))) {
            if (Files.isRegularFile(p)) {
                return p.toString();
            }
        }
        throw new IllegalStateException("no scenarios/history/" + id + ".conf from " + Path.of("").toAbsolutePath());
    }

    /** Case {@code id} at {@code seed} with {@code sets} on top. */
    static ScenarioResult run(String id, long seed, String... sets) {
        List<String> s = new ArrayList<>(Arrays.asList(sets));
        s.add("seed=\"" + Seed.format(seed) + "\"");
        return ScenarioRunner.run(ScenarioLoader.load(file(id), s), false);
    }

    /** How many of {@code seeds} runs (the file's seed + 0 .. seeds-1) violate an oracle, on 2 threads. */
    static int violatingRuns(String id, int seeds, String... sets) {
        SweepPlan plan = new SweepPlan(file(id), List.of(sets), List.of(), seeds);
        return SweepRunner.run(plan, plan.validate(), 2, point -> { }).violatingRuns();
    }

    /** The fixed variant ({@code fixed} on top) is clean at {@code seed} and at {@code seeds} seeds from the file's. */
    static void assertFixedClean(String id, long seed, String fixed, int seeds) {
        org.assertj.core.api.Assertions.assertThat(run(id, seed, fixed).violations()).isEmpty();
        org.assertj.core.api.Assertions.assertThat(violatingRuns(id, seeds, fixed)).isZero();
    }

    /** Under {@code xmc = coherent} neither variant violates anything at four seeds from {@code seed}. */
    static void assertCoherentShowsNeither(String id, long seed, String fixed) {
        for (long s = seed; s < seed + 4; s++) {
            org.assertj.core.api.Assertions.assertThat(run(id, s, "xmc=coherent").violations()).as("seed %d", s).isEmpty();
            org.assertj.core.api.Assertions.assertThat(run(id, s, "xmc=coherent", fixed).violations()).as("seed %d", s)
                    .isEmpty();
        }
    }
}
