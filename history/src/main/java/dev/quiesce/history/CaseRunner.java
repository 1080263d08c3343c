package dev.quiesce.history;

import dev.quiesce.hunt.BatchRunner;
import dev.quiesce.hunt.Hunt;
import dev.quiesce.hunt.HuntResult;
import dev.quiesce.hunt.HuntSettings;
import dev.quiesce.hunt.ShrinkResult;
import dev.quiesce.hunt.Shrinker;
import dev.quiesce.scenario.Scenario;
import dev.quiesce.scenario.ScenarioLoader;
import dev.quiesce.scenario.ScenarioResult;
import dev.quiesce.seed.Seed;

import java.util.ArrayList;
import java.util.List;

/**
 * Measures one case of the corpus, deterministically (the same numbers with any thread count): the documented seed
 * (buggy caught and replayed, fixed clean: {@link SeedCheck}); the buggy variant hunted with the case's strategy and
 * budget under hunt seeds 1..n, each from its own scenario seed ({@link #huntStart}); the first counterexample
 * shrunk; the fixed variant over seeds {@code seed},
 * {@code seed+1}, … in parallel batches, and hunted once (hunt seed 1) with the same strategy and budget.
 */
public final class CaseRunner {

    /**
     * How much to measure.
     *
     * @param huntSeeds  hunts of the buggy variant (hunt seeds 1..huntSeeds), 1..100
     * @param fixedSeeds seeds the fixed variant runs, 1..100,000
     * @param threads    runs at once, 1..256
     * @param shrinkRuns executions the shrink may take, 1..10,000
     */
    public record Settings(int huntSeeds, int fixedSeeds, int threads, int shrinkRuns) {

        /** What the corpus documents: 10 hunts, 200 fixed seeds, shrinks of at most 100 runs. */
        public static Settings standard(int threads) {
            return new Settings(10, 200, threads, 100);
        }

        public Settings {
            check("--hunts", huntSeeds, 1, 100);
            check("--seeds", fixedSeeds, 1, 100_000);
            check("--threads", threads, 1, 256);
            check("the shrink's runs", shrinkRuns, 1, 10_000);
        }

        private static void check(String what, int v, int min, int max) {
            if (v < min || v > max) {
                throw new IllegalArgumentException("%s must be %d..%d, not %d".formatted(what, min, max, v));
            }
        }
    }

    /** What a measurement tells while it runs. */
    public interface Listener {
        /** One step of case {@code c} is done: {@code what} says what it found. */
        void step(HistoryCase c, String what);
    }

    private CaseRunner() {
    }

    /** Measures {@code c}. */
    public static Measurement measure(HistoryCase c, Settings s, Listener l) {
        SeedCheck at = SeedCheck.run(c, c.seed());
        l.step(c, "documented seed " + Seed.format(c.seed()) + ": " + at.describe());
        List<Integer> executions = new ArrayList<>();
        HuntResult first = null;
        for (int k = 1; k <= s.huntSeeds(); k++) {
            HuntResult h = Hunt.run(huntSettings(c, c.hunt().sets(), s, k), new Hunt.Listener() { });
            executions.add(h.found() ? h.executions() : Measurement.NOT_FOUND);
            if (first == null && h.found()) {
                first = h;
            }
        }
        l.step(c, "hunts (" + c.hunt().strategy().cliName() + ", budget " + c.hunt().budget() + ", hunt seeds 1.."
                + s.huntSeeds() + "): executions to find " + executions.stream().map(e -> e == Measurement.NOT_FOUND
                ? "none" : e.toString()).toList());
        ShrinkResult shrunk = null;
        if (first != null) {
            shrunk = Shrinker.run(c.source(), first.scenario().sets(), c.oracle(), s.shrinkRuns(), (what, v) -> { });
            l.step(c, "shrunk in " + shrunk.runs() + " runs: " + shrunk.reductions());
        }
        int clean = 0;
        Long dirty = null;
        int batch = Math.max(1, 4 * s.threads());
        try (BatchRunner runner = new BatchRunner(s.threads())) {
            for (int j = 0; j < s.fixedSeeds(); j += batch) {
                List<Scenario> scenarios = new ArrayList<>();
                for (int i = j; i < Math.min(s.fixedSeeds(), j + batch); i++) {
                    scenarios.add(ScenarioLoader.load(c.source(), c.fixedSets(c.seed() + i)));
                }
                for (ScenarioResult r : runner.run(scenarios)) {
                    if (SeedCheck.clean(r)) {
                        clean++;
                    } else if (dirty == null) {
                        dirty = r.scenario().seed();
                    }
                }
            }
        }
        l.step(c, "fixed: %d of %d seeds clean".formatted(clean, s.fixedSeeds()));
        List<String> fixedHuntSets = new ArrayList<>(c.fixed());
        fixedHuntSets.addAll(c.hunt().sets());
        HuntResult fixedHunt = Hunt.run(huntSettings(c, fixedHuntSets, s, 1), new Hunt.Listener() { });
        l.step(c, "fixed hunted: " + (fixedHunt.found() ? "found " + fixedHunt.violation()
                : "nothing in " + fixedHunt.executions() + " executions"));
        return new Measurement(c, at, executions, first, shrunk, s.fixedSeeds(), clean, dirty, fixedHunt);
    }

    /**
     * Hunt {@code huntSeed} starts from scenario seed {@link #huntStart}, not from the documented seed: a hunt's first
     * candidate is the scenario as given, so from the documented seed every hunt would find it at its first execution.
     */
    private static HuntSettings huntSettings(HistoryCase c, List<String> sets, Settings s, long huntSeed) {
        List<String> from = new ArrayList<>(sets);
        from.add("seed=\"" + Seed.format(huntStart(c, huntSeed)) + "\"");
        return new HuntSettings(c.source(), from, c.oracle(), c.hunt().budget(), c.hunt().strategy(), s.threads(),
                huntSeed, HuntSettings.DEFAULT_DEPTH);
    }

    /** The scenario seed hunt {@code huntSeed} starts from: the documented seed + 0x10000 × the hunt seed. */
    public static long huntStart(HistoryCase c, long huntSeed) {
        return c.seed() + 0x10000L * huntSeed;
    }
}
