package dev.quiesce.history;

import dev.quiesce.coordinator.oracle.Violation;
import dev.quiesce.hunt.ReplayCheck;
import dev.quiesce.hunt.ReplayFile;
import dev.quiesce.scenario.ScenarioLoader;
import dev.quiesce.scenario.ScenarioResult;
import dev.quiesce.scenario.ScenarioRunner;

import java.util.List;

/**
 * A case at one seed: the buggy variant's run and its violation of the case's oracle (or none), whether its replay
 * file reproduces the same violation and trace hash ({@link ReplayCheck}), and the fixed variant's run. The CI-short
 * check of the corpus is this at the documented seed.
 *
 * @param seed        the run seed
 * @param buggy       the buggy variant's run
 * @param violation   its violation of the case's oracle, or null
 * @param replay      the differences of its replay (empty: it reproduced), or empty when not replayed
 * @param fixed       the fixed variant's run at the same seed
 */
public record SeedCheck(long seed, ScenarioResult buggy, Violation violation, List<String> replay,
                        ScenarioResult fixed) {

    public SeedCheck {
        replay = List.copyOf(replay);
    }

    /** Runs case {@code c} at {@code seed}, buggy (replayed when caught) and fixed. */
    public static SeedCheck run(HistoryCase c, long seed) {
        ScenarioResult buggy = ScenarioRunner.run(ScenarioLoader.load(c.source(), c.buggySets(seed)), false);
        Violation v = c.oracle().violation(buggy).orElse(null);
        List<String> replay = v == null ? List.of() : ReplayCheck.file(ReplayFile.of(buggy)).differences();
        ScenarioResult fixed = ScenarioRunner.run(ScenarioLoader.load(c.source(), c.fixedSets(seed)), false);
        return new SeedCheck(seed, buggy, v, replay, fixed);
    }

    /** Whether the buggy variant violated the case's oracle. */
    public boolean caught() {
        return violation != null;
    }

    /** Whether the replay reproduced the violation and the trace hash. */
    public boolean replayed() {
        return caught() && replay.isEmpty();
    }

    /** Whether the fixed variant ran without any violation and without a faulting CPU. */
    public boolean fixedClean() {
        return clean(fixed);
    }

    /** Everything as the corpus claims: caught, replayed, fixed clean. */
    public boolean holds() {
        return replayed() && fixedClean();
    }

    /** One line: what happened at this seed. */
    public String describe() {
        String b = caught() ? "buggy caught (" + violation + ")" + (replay.isEmpty() ? ", replayed"
                : ", replay differs: " + String.join("; ", replay))
                : "buggy NOT caught" + (buggy.violated() ? " by its oracle (it violated " + buggy.violations().getFirst().oracle() + ")" : "");
        String f = fixedClean() ? "fixed clean" : "fixed NOT clean (" + (fixed.violated()
                ? fixed.violations().getFirst().toString() : "a CPU faulted") + ")";
        return b + "; " + f;
    }

    /** Whether {@code r} has no violation and no faulting CPU. */
    static boolean clean(ScenarioResult r) {
        return !r.violated() && r.report().cpus().stream().allMatch(x -> x.faults() == 0);
    }
}
