package dev.quiesce.sweep;

import dev.quiesce.random.DetRandom;
import dev.quiesce.scenario.ForkResults;
import dev.quiesce.scenario.Scenario;
import dev.quiesce.scenario.ScenarioLoader;
import dev.quiesce.scenario.ScenarioResult;
import dev.quiesce.scenario.ScenarioRunner;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The points of one sweep seed forked at the hypercall ({@link SeedForks}) end exactly as the same points run from
 * boot: trace hash, report, violations and outcomes. Points vary the barrier timeout, the retry policy and the NMI
 * policy (settings read at or after the hypercall); a point that changes a setting read before it runs from boot.
 */
class ForkedSweepMatchesFullRunsTest {

    private static final List<String> TIMEOUTS = List.of("3us", "8us", "20us", "1ms");
    private static final List<String> RETRIES = List.of("none", "fixed(3,2us)", "exponential");
    private static final List<String> NMI = List.of("swallow", "defer", "none", "abort");

    private static Scenario point(long seed, String timeout, String retry, String nmi) {
        return ScenarioLoader.load("straggler", List.of("duration=90us", "host.cpus=3",
                "host.interrupts.nmi-rate-per-ms=300", "actions=[{at=10us,action=apply,payload=xen_hello_world}]",
                "stragglers=[{cpu=2,at=9us,iterations=" + (1 + (seed % 3) * 6000) + "}]", "barrier.timeout=" + timeout,
                "retry=" + retry, "nmi-policy=" + nmi, "seed=\"" + dev.quiesce.seed.Seed.format(seed) + "\""));
    }

    @Property(tries = 8, seed = "20261203")
    void pointsForkedAtTheHypercallEndAsTheyDoFromBoot(@ForAll @IntRange(min = 1, max = 100_000) int seed) {
        DetRandom r = new DetRandom(seed);
        List<Scenario> points = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            points.add(point(seed, TIMEOUTS.get((int) r.nextLong(TIMEOUTS.size())),
                    RETRIES.get((int) r.nextLong(RETRIES.size())), NMI.get((int) r.nextLong(NMI.size()))));
        }
        List<ScenarioResult> forked = SeedForks.run(points, line -> {
            throw new AssertionError("every point should fork: " + line);
        });
        for (int i = 0; i < points.size(); i++) {
            ForkResults.assertSame(ScenarioRunner.run(points.get(i), false), forked.get(i), points.get(i).replayLine());
        }
    }

    @Test
    void aPointThatChangesASettingReadBeforeTheHypercallRunsFromBootAndSaysSoOnce() {
        Scenario a = point(7, "8us", "none", "swallow");
        Scenario b = ScenarioLoader.load("straggler", List.of("duration=90us", "host.cpus=3",
                "host.interrupts.nmi-rate-per-ms=900", "actions=[{at=10us,action=apply,payload=xen_hello_world}]",
                "stragglers=[{cpu=2,at=9us,iterations=6000}]", "barrier.timeout=8us", "retry=none",
                "nmi-policy=swallow", "seed=\"0x7\""));
        List<String> said = new ArrayList<>();
        List<ScenarioResult> out = SeedForks.run(List.of(a, b), said::add);
        assertThat(said).singleElement().asString().startsWith("not forking: the point changes settings read before");
        ForkResults.assertSame(ScenarioRunner.run(b, false), out.get(1), "b");
        ForkResults.assertSame(ScenarioRunner.run(a, false), out.get(0), "a");
    }

    @Test
    void aForkedSweepOnReusedHostsHasTheRowsOfTheSweepFromBoot() {
        SweepPlan plan = new SweepPlan("straggler", List.of("duration=60us", "host.cpus=2",
                "actions=[{at=10us,action=apply,payload=xen_hello_world}]", "stragglers=[{cpu=1,at=9us,iterations=9000}]"),
                List.of(Vary.parse("barrier.timeout=3us,20us"), Vary.parse("retry=none,fixed(3,2us)")), 3);
        List<Scenario> bases = plan.validate();
        List<String> said = new ArrayList<>();
        SweepResult forked = SweepRunner.run(plan, bases, 2, p -> { }, true, said::add);
        SweepResult full = SweepRunner.run(plan, bases, 2, p -> { }, false, said::add);
        // each run starting its scenario's own threads on top of the sweep's (the path before RunThreads)
        SweepResult nested = SweepRunner.run(plan, bases, 2, p -> { }, true, said::add, false);
        assertThat(said).isEmpty();
        assertThat(forked.rows()).isEqualTo(full.rows());
        assertThat(nested.rows()).isEqualTo(full.rows());
        assertThat(forked.runs()).isEqualTo(12);
        assertThat(forked.violatingRuns()).isEqualTo(full.violatingRuns());
        assertThat(forked.rows()).anyMatch(r -> r.overallOk() > r.firstOk()); // a retry ran somewhere
    }

    @Test
    void pointsThatDifferOnlyInAPolicyTheirRunNeverAskedAreOneRun() {
        List<Scenario> points = List.of(point(11, "1ms", "none", "swallow"), point(11, "1ms", "fixed(3,2us)", "swallow"),
                point(11, "3us", "fixed(3,2us)", "swallow"), point(11, "1ms", "exponential", "swallow"),
                point(11, "3us", "exponential", "swallow"));
        try (SeedForks f = new SeedForks(line -> { })) {
            List<ScenarioResult> out = f.seed(points);
            assertThat(f.reused()).isEqualTo(2); // the 1ms attempt succeeds; the 3us one times out and asks its policy
            for (int i = 0; i < points.size(); i++) {
                ForkResults.assertSame(ScenarioRunner.run(points.get(i), false), out.get(i), points.get(i).replayLine());
            }
        }
    }
}
