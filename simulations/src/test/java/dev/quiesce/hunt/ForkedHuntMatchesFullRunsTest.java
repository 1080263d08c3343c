package dev.quiesce.hunt;

import dev.quiesce.host.InterruptSettings.Injection;
import dev.quiesce.interrupt.InterruptKind;
import dev.quiesce.random.DetRandom;
import dev.quiesce.scenario.ForkResults;
import dev.quiesce.scenario.Scenario;
import dev.quiesce.scenario.ScenarioLoader;
import dev.quiesce.scenario.ScenarioResult;
import dev.quiesce.scenario.ScenarioRunner;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.util.ArrayList;
import java.util.List;

/**
 * A hunt candidate forked from a snapshot of the hunted scenario's run ({@link PrefixTree}) ends exactly as the same
 * candidate run from the start: the same trace hash, report, violations and outcomes. Over 5 small scenarios, many
 * seeds and {@value #VARIANTS} candidates each (1–3 injected NMIs, IRQs or machine checks anywhere in the run): 46
 * tries give 460 (scenario, seed, variant) triples, one in five with a seed of its own (a PCT candidate, run on the
 * reused host from its boot snapshot); {@code ForkedSweepMatchesFullRunsTest} adds 48 sweep points.
 */
class ForkedHuntMatchesFullRunsTest {

    static final int VARIANTS = 10;

    /** Small scenarios: two or three CPUs, the action early, a short run. */
    static final List<List<String>> SCENARIOS = List.of(
            List.of("nmi-in-patched-function", "duration=30us", "host.cpus=2",
                    "actions=[{at=10us,action=apply,payload=xen_hello_world}]"),
            List.of("xen-default", "duration=40us", "host.cpus=3",
                    "actions=[{at=12us,action=apply,payload=xen_hello_world}]"),
            List.of("mixed-versions-unsafe", "duration=35us", "host.cpus=2",
                    "actions=[{at=10us,action=apply,payload=record_v2}]"),
            List.of("straggler", "duration=60us", "host.cpus=2", "barrier.timeout=15us",
                    "actions=[{at=10us,action=apply,payload=xen_hello_world}]",
                    "stragglers=[{cpu=1,at=9us,iterations=40000}]"),
            List.of("irq-storm", "duration=35us", "host.cpus=2",
                    "actions=[{at=10us,action=apply,payload=xen_hello_world}]"));

    static Scenario scenario(int which, long seed, List<String> more) {
        List<String> spec = SCENARIOS.get(which);
        List<String> sets = new ArrayList<>(spec.subList(1, spec.size()));
        sets.add("seed=" + Overrides.seedValue(seed));
        sets.addAll(more);
        return ScenarioLoader.load(spec.getFirst(), sets);
    }

    /** Candidate {@code v} of {@code base}: 1–3 injections at random instants of the run, on random CPUs. */
    static Scenario variant(Scenario base, int which, DetRandom r) {
        return variant(base, which, r, List.of());
    }

    /** As {@link #variant(Scenario, int, DetRandom)}, every scenario with {@code sets} (the base's) on top. */
    static Scenario variant(Scenario base, int which, DetRandom r, List<String> sets) {
        if (r.nextLong(5) == 0) { // a PCT-like candidate: a seed of its own, run on the reused host
            long seed = 1 + r.nextLong(1_000_000);
            Scenario other = scenario(which, seed, sets);
            return scenario(which, seed, concat(sets, variantOf(other, r).sets()));
        }
        return scenario(which, base.seed(), concat(sets, variantOf(base, r).sets()));
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    private static Candidate variantOf(Scenario base, DetRandom r) {
        List<Injection> added = new ArrayList<>();
        int shots = 1 + (int) r.nextLong(3);
        for (int i = 0; i < shots; i++) {
            long kind = r.nextLong(10);
            added.add(new Injection((int) r.nextLong(base.host().cpus()), r.nextLong(base.durationNs()),
                    kind < 6 ? InterruptKind.NMI : kind < 9 ? InterruptKind.IRQ : InterruptKind.MCE));
        }
        return Placement.candidate(base, 0, List.of(), added, "");
    }

    @Property(tries = 46, seed = "20261203")
    void aForkedCandidateEndsAsTheCandidateRunFromTheStart(@ForAll @IntRange(min = 0, max = 4) int which,
                                                             @ForAll @IntRange(min = 1, max = 100_000) int seed) {
        Scenario base = scenario(which, seed, List.of());
        DetRandom r = new DetRandom(seed * 31L + which);
        try (PrefixTree tree = new PrefixTree(base)) {
            for (int v = 0; v < VARIANTS; v++) {
                Scenario candidate = variant(base, which, r);
                ScenarioResult full = ScenarioRunner.run(candidate, false);
                ScenarioResult forked = tree.run(candidate);
                ForkResults.assertSame(full, forked, candidate.replayLine());
            }
        }
    }

    /** The same under the stale-fetch models whose code views a snapshot holds (docs/forking.md §2). */
    @Property(tries = 12, seed = "20261204")
    void aForkedCandidateUnderAStaleFetchModelEndsAsTheCandidateRunFromTheStart(
            @ForAll @IntRange(min = 0, max = 4) int which, @ForAll @IntRange(min = 1, max = 100_000) int seed,
            @ForAll @IntRange(min = 0, max = 1) int model) {
        List<String> xmc = List.of(model == 0 ? "xmc=serialize" : "xmc=errata");
        Scenario base = scenario(which, seed, xmc);
        DetRandom r = new DetRandom(seed * 37L + which);
        try (PrefixTree tree = new PrefixTree(base)) {
            for (int v = 0; v < VARIANTS; v++) {
                Scenario candidate = variant(base, which, r, xmc);
                ScenarioResult full = ScenarioRunner.run(candidate, false);
                ScenarioResult forked = tree.run(candidate);
                ForkResults.assertSame(full, forked, candidate.replayLine());
            }
        }
    }
}
