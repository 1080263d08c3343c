package dev.quiesce.scenario;

import dev.quiesce.emulator.unicorn.Counting;
import dev.quiesce.emulator.unicorn.EngineDefaults;
import dev.quiesce.emulator.unicorn.UnicornLibrary;
import dev.quiesce.host.fork.HostSnapshot;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs under the stale-fetch cross-modifying-code models ({@code xmc = serialize | errata | arm}) fork exactly: a run
 * restored from a snapshot — per-CPU code views included, taken while CPUs still fetch the code they observed before
 * the patch stores — and run on gives the trace hash, report, outcomes and violations of the run from the start
 * (docs/forking.md §2).
 */
class ForkedStaleFetchRunsTest {

    /** Each model on a built-in scenario (errata under text-poke.int3: an INT3, a tail, a head, three syncs). */
    private static final List<List<String>> SCENARIOS = List.of(
            List.of("xen-default", "duration=320us", "host.cpus=3", "xmc=serialize"),
            List.of("xen-default", "duration=320us", "host.cpus=3", "xmc=errata", "protocol=text-poke.int3"),
            List.of("xen-default", "duration=320us", "host.cpus=3", "arch=aarch64", "xmc=arm"));
    /** Boundaries around the apply at 200 µs: before it, inside it (after the first stores), after it. */
    private static final long[] AT_US = {100, 201, 203, 206, 210, 215, 225, 240, 280};

    static Scenario scenario(int which, long seed, String... more) {
        List<String> spec = SCENARIOS.get(which);
        List<String> sets = new ArrayList<>(spec.subList(1, spec.size()));
        sets.addAll(List.of(more));
        sets.add("seed=\"" + dev.quiesce.seed.Seed.format(seed) + "\"");
        return ScenarioLoader.load(spec.getFirst(), sets);
    }

    @Test
    void staleFetchRunsForkExactlyUnderEveryUnicornLibraryAndCountingScheme() {
        for (UnicornLibrary lib : ForkedRuns.libraries()) {
            for (Counting c : Counting.values()) {
                EngineDefaults.with(lib, c, () -> {
                    for (int which = 0; which < SCENARIOS.size(); which++) {
                        Scenario s = scenario(which, 77);
                        ScenarioResult full = ScenarioRunner.run(s, false);
                        long[] at = java.util.Arrays.stream(AT_US).map(us -> us * 1000).toArray();
                        assertThat(ForkedRuns.forksExactlyAt(s, full, at)).as("%s %s %s: snapshots with stale CPUs", lib, c,
                                SCENARIOS.get(which)).isPositive();
                    }
                    return null;
                });
            }
        }
    }

    @Property(tries = 12, seed = "31")
    void restoringASnapshotTwiceUnderAStaleFetchModelGivesTheTraceOfTheRunFromTheStart(
            @ForAll @IntRange(min = 0, max = 2) int which, @ForAll @IntRange(min = 1, max = 1000) int seed,
            @ForAll @IntRange(min = 195, max = 260) int forkUs) {
        Scenario s = scenario(which, seed);
        ScenarioResult full = ScenarioRunner.run(s, false);
        try (ScenarioFork f = ScenarioFork.start(s)) {
            f.runWhileBefore(forkUs * 1000L);
            try (HostSnapshot snap = f.snapshot()) {
                ForkResults.assertSame(full, f.finish(), "first run on");
                f.restore(snap, s);
                ForkResults.assertSame(full, f.finish(), "restored once");
                f.restore(snap, s);
                ForkResults.assertSame(full, f.finish(), "restored twice");
            }
        }
    }

    /**
     * Under errata a host reused for another seed runs as one booted for it: the payloads uploaded at boot, before any
     * CPU fetched, leave no torn observation behind (they would be the first seed's draws).
     */
    @Test
    void aReusedHostReseededUnderErrataRunsAsOneBootedForTheOtherSeed() {
        Scenario first = scenario(1, 4);
        Scenario other = scenario(1, 5);
        ScenarioResult full = ScenarioRunner.run(other, false);
        try (ScenarioFork f = ScenarioFork.start(first)) {
            try (HostSnapshot boot = f.snapshot()) {
                f.finish();
                f.restore(boot, first);
                f.reseed(other);
                ForkResults.assertSame(full, f.finish(), "seed 5 on the host booted for seed 4");
            }
        }
    }
}
