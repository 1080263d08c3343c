package dev.quiesce.history.variant;

import dev.quiesce.emulator.unicorn.Counting;
import dev.quiesce.emulator.unicorn.EngineDefaults;
import dev.quiesce.emulator.unicorn.UnicornLibrary;
import dev.quiesce.hunt.Hunt;
import dev.quiesce.hunt.HuntResult;
import dev.quiesce.hunt.HuntSettings;
import dev.quiesce.hunt.OracleTarget;
import dev.quiesce.hunt.Strategy;
import dev.quiesce.scenario.ForkedRuns;
import dev.quiesce.scenario.Scenario;
import dev.quiesce.scenario.ScenarioLoader;
import dev.quiesce.scenario.ScenarioResult;
import dev.quiesce.scenario.ScenarioRunner;
import dev.quiesce.seed.Seed;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The corpus's real races under the stale-fetch models fork exactly (docs/forking.md §2): each case's buggy and fixed
 * variants, snapshotted before the apply, while CPUs still fetch the bytes they observed before the patch stores and
 * after the apply, restored and run on, give the trace hash, report, outcomes and violations of the run from the start
 * under both Unicorn libraries and both counting schemes; and a hunt of a case finds the same answer forked as not.
 */
class StaleFetchCasesForkExactlyTest {

    /** The cases under serialize and arm, with their fixed variants. */
    private static final List<List<String>> CASES = List.of(
            List.of("xen-serialise-after-patching", "protocol=history.xen-serialise-after-patching.fixed"),
            List.of("xen-arm-isb-after-patching", "protocol=history.xen-arm-isb-after-patching.fixed"),
            List.of("arm64-jump-label-visible", "protocol=history.arm64-jump-label-visible.fixed"));
    /** Boundaries around the apply at 50 µs: before it, inside it (after the first stores), after it. */
    private static final long[] AT_NS = {30_000, 51_000, 53_000, 56_000, 60_000, 70_000, 90_000, 150_000, 300_000};

    private static Scenario load(String id, long seed, String... sets) {
        List<String> s = new ArrayList<>(List.of(sets));
        s.add("seed=\"" + Seed.format(seed) + "\"");
        return ScenarioLoader.load(CaseRuns.file(id), s);
    }

    @Test
    void everyStaleFetchCaseForksExactlyUnderEveryUnicornLibraryAndCountingScheme() {
        for (UnicornLibrary lib : ForkedRuns.libraries()) {
            for (Counting c : Counting.values()) {
                EngineDefaults.with(lib, c, () -> {
                    for (List<String> k : CASES) {
                        Scenario buggy = load(k.getFirst(), 0x1);
                        ScenarioResult full = ScenarioRunner.run(buggy, false);
                        assertThat(full.violations()).as("%s at its documented seed", k.getFirst()).isNotEmpty();
                        assertThat(ForkedRuns.forksExactlyAt(buggy, full, AT_NS))
                                .as("%s %s %s: snapshots with stale CPUs", lib, c, k.getFirst()).isPositive();
                        Scenario fixed = load(k.getFirst(), 0x1, k.get(1)); // CPUs stale only briefly
                        ForkedRuns.forksExactlyAt(fixed, ScenarioRunner.run(fixed, false), AT_NS);
                    }
                    return null;
                });
            }
        }
    }

    @Test
    void errataRunsOfTheSerialiseCaseForkExactly() {
        for (long seed = 1; seed <= 3; seed++) {
            Scenario s = load("xen-serialise-after-patching", seed, "xmc=errata");
            assertThat(ForkedRuns.forksExactlyAt(s, ScenarioRunner.run(s, false), AT_NS))
                    .as("seed %d: snapshots with stale CPUs", seed).isPositive();
        }
    }

    @Test
    void aTargetedHuntOfTheSerialiseCaseForksAndFindsWhatItFindsRunningEveryCandidateFromTheStart() {
        String id = "xen-serialise-after-patching";
        long seed = 2;
        while (!ScenarioRunner.run(load(id, seed), false).violations().isEmpty()) {
            seed++;
            assertThat(seed).as("a seed of %s whose run is clean", id).isLessThan(40);
        }
        huntForkedAndNot(id, Strategy.TARGETED, "seed=\"" + Seed.format(seed) + "\"");
    }

    @Test
    void aRandomHuntOfTheFixedJumpLabelReusesItsHostAndFindsWhatItFindsRunningEveryCandidateFromTheStart() {
        huntForkedAndNot("arm64-jump-label-visible", Strategy.RANDOM,
                "protocol=history.arm64-jump-label-visible.fixed"); // every seed of the buggy one violates at once
    }

    /** Hunts case {@code id} with {@code sets} for NewVersionEverywhere, forked and not: the same answer. */
    private static void huntForkedAndNot(String id, Strategy strategy, String... sets) {
        HuntSettings s = new HuntSettings(CaseRuns.file(id), List.of(sets), OracleTarget.of("NewVersionEverywhere"),
                16, strategy, 1, 7, HuntSettings.DEFAULT_DEPTH);
        List<String> notes = new ArrayList<>();
        HuntResult forked = Hunt.run(s, new Hunt.Listener() {
            @Override
            public void note(String line) {
                notes.add(line);
            }
        });
        HuntResult full = Hunt.run(s.withFork(false), new Hunt.Listener() { });
        assertThat(notes).as("what the forked hunt said").noneMatch(n -> n.contains("xmc"));
        assertThat(forked.executions()).isEqualTo(full.executions()).isGreaterThan(1);
        assertThat(forked.found()).isEqualTo(full.found());
        if (full.found()) {
            assertThat(forked.candidate()).isEqualTo(full.candidate());
            assertThat(forked.result().report().traceHash()).isEqualTo(full.result().report().traceHash());
            assertThat(forked.violation()).isEqualTo(full.violation());
        }
    }
}
