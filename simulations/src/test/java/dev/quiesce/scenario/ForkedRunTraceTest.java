package dev.quiesce.scenario;

import dev.quiesce.host.fork.HostSnapshot;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A run restored from a snapshot at any quantum boundary and run on gives exactly the trace (hash), outcomes and
 * violations of the run from the start (docs/forking.md).
 */
class ForkedRunTraceTest {

    private static final List<List<String>> SCENARIOS = List.of(
            List.of("nmi-in-patched-function", "duration=120us", "host.cpus=4"),
            List.of("xen-default", "duration=320us", "host.cpus=3"),
            List.of("mixed-versions-unsafe", "duration=220us", "host.cpus=3"),
            List.of("straggler", "duration=400us", "barrier.timeout=100us", "stragglers=[{cpu=1,at=190us,iterations=200000}]",
                    "host.cpus=2"),
            List.of("irq-storm", "duration=300us", "host.cpus=3"),
            List.of("xen-default", "duration=320us", "host.cpus=3", "arch=aarch64"),
            List.of("compare-protocols", "duration=300us", "host.cpus=3", "arch=aarch64", "protocol=lazy.per-cpu"));

    static Scenario scenario(int which, long seed) {
        List<String> spec = SCENARIOS.get(which);
        List<String> sets = new java.util.ArrayList<>(spec.subList(1, spec.size()));
        sets.add("seed=\"" + dev.quiesce.seed.Seed.format(seed) + "\"");
        return ScenarioLoader.load(spec.getFirst(), sets);
    }

    @Test
    void aRunSteppedWithoutActorsHashesAsTheActorRunDoes() {
        Scenario s = scenario(0, 2);
        ScenarioResult full = ScenarioRunner.run(s, false);
        try (ScenarioFork f = ScenarioFork.start(s)) {
            assertSame(full, f.finish());
        }
    }

    @Property(tries = 14, seed = "18")
    void restoringASnapshotAndRunningOnGivesTheTraceOfTheRunFromTheStart(
            @ForAll @IntRange(min = 0, max = 6) int which, @ForAll @IntRange(min = 1, max = 1000) int seed,
            @ForAll @IntRange(min = 0, max = 99) int forkPercent) {
        Scenario s = scenario(which, seed);
        ScenarioResult full = ScenarioRunner.run(s, false);
        long at = s.durationNs() * forkPercent / 100;
        try (ScenarioFork f = ScenarioFork.start(s)) {
            f.runWhileBefore(at);
            try (HostSnapshot snap = f.snapshot()) {
                assertSame(full, f.finish());
                f.restore(snap, s);
                assertSame(full, f.finish());
                f.restore(snap, s);
                assertSame(full, f.finish());
            }
        }
    }

    @Test
    void forkingIsExactUnderEveryUnicornLibraryAndCountingScheme() {
        for (dev.quiesce.emulator.unicorn.UnicornLibrary lib : TraceHashesDoNotDependOnCountingOrUnicornTest.libraries()) {
            for (dev.quiesce.emulator.unicorn.Counting c : dev.quiesce.emulator.unicorn.Counting.values()) {
                dev.quiesce.emulator.unicorn.EngineDefaults.with(lib, c, () -> {
                    for (int which : new int[] {0, 3, 5}) {
                        Scenario s = scenario(which, 77);
                        ScenarioResult full = ScenarioRunner.run(s, false);
                        try (ScenarioFork f = ScenarioFork.start(s)) {
                            for (long at : new long[] {s.durationNs() / 3, s.durationNs() * 2 / 3}) {
                                f.runWhileBefore(at);
                                try (dev.quiesce.host.fork.HostSnapshot snap = f.snapshot()) {
                                    assertSame(full, f.finish());
                                    f.restore(snap, s);
                                }
                            }
                            assertSame(full, f.finish());
                        }
                    }
                    return null;
                });
            }
        }
    }

    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path dir;

    @Test
    void aUserGuestsRunWithPrivatePerCpuDataRestoresExactlyFromAnyBoundary() {
        String file = UserProject.write(dir, UserScenarioLoaderTest.SCENARIO).toString();
        Scenario s = ScenarioLoader.load(file, List.of("threads=1"));
        ScenarioResult full = ScenarioRunner.run(s, false);
        try (ScenarioFork f = ScenarioFork.start(s)) {
            for (long at : new long[] {s.durationNs() / 5, s.durationNs() / 2, s.durationNs() * 4 / 5}) {
                f.runWhileBefore(at);
                try (dev.quiesce.host.fork.HostSnapshot snap = f.snapshot()) {
                    assertSame(full, f.finish());
                    f.restore(snap, s);
                }
            }
            assertSame(full, f.finish());
        }
    }

    private static void assertSame(ScenarioResult expected, ScenarioResult actual) {
        assertEquals(expected.report().traceHash(), actual.report().traceHash(), "trace hash");
        assertEquals(expected.report(), actual.report(), "report");
        assertEquals(expected.violations(), actual.violations(), "violations");
        assertEquals(ForkResults.deep(expected.outcomes()), ForkResults.deep(actual.outcomes()), "outcomes");
    }
}
