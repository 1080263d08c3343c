package dev.quiesce.hunt;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HuntTest {

    private static HuntResult hunt(int threads, long huntSeed) {
        return Hunt.run(new HuntSettings("nmi-in-patched-function", List.of("host.interrupts.nmi-rate-per-ms=0"),
                OracleTarget.of("notornfetch"), 12, Strategy.TARGETED, threads, huntSeed, HuntSettings.DEFAULT_DEPTH),
                new Hunt.Listener() { });
    }

    @Test
    void hunt_isIdenticalWithOneAndTwoThreads_theLowestIndexWins() {
        HuntResult one = hunt(1, 2);
        HuntResult two = hunt(2, 2);
        assertThat(one.found()).isTrue();
        assertThat(one.executions()).isGreaterThan(2); // candidates 1.. before it did not violate
        assertThat(two.executions()).isEqualTo(one.executions());
        assertThat(two.candidate()).isEqualTo(one.candidate());
        assertThat(two.scenario().replayLine()).isEqualTo(one.scenario().replayLine());
        assertThat(two.result().report().traceHash()).isEqualTo(one.result().report().traceHash());
        assertThat(two.violation()).isEqualTo(one.violation());
        assertThat(one.violation().oracle()).isEqualTo("NoTornFetch");
    }

    @Test
    void candidates_dependOnlyOnTheHuntSeedStrategyAndIndex() {
        var stream = dev.quiesce.random.SeedStream.root(1).child("random");
        RandomSeeds a = new RandomSeeds(stream);
        RandomSeeds b = new RandomSeeds(dev.quiesce.random.SeedStream.root(1).child("random"));
        assertThat(a.candidate(7)).isEqualTo(b.candidate(7));
        assertThat(a.candidate(7)).isNotEqualTo(a.candidate(8));
        assertThat(new RandomSeeds(dev.quiesce.random.SeedStream.root(2).child("random")).candidate(7))
                .isNotEqualTo(a.candidate(7));
        assertThat(a.candidate(3).sets()).singleElement().asString().matches("seed=\"0x[0-9a-f]{1,8}\"");
    }

    @Test
    void candidateSets_replaceEarlierValuesOfTheirKeys() {
        Candidate c = new Candidate(1, List.of("seed=\"0x9\"", "host.interrupts.injections=[]"), "");
        assertThat(Hunt.apply(List.of("seed=\"0x2\"", "host.cpus=4", "host.interrupts.injections=[{cpu=1,at=5ns,kind=nmi}]"), c))
                .containsExactly("host.cpus=4", "seed=\"0x9\"", "host.interrupts.injections=[]");
    }

    @Test
    void hunt_forkedAndNotForked_findTheSameCandidateWithTheSameTrace() {
        HuntSettings s = new HuntSettings("nmi-in-patched-function", List.of("host.interrupts.nmi-rate-per-ms=0"),
                OracleTarget.of("notornfetch"), 12, Strategy.TARGETED, 1, 2, HuntSettings.DEFAULT_DEPTH);
        HuntResult forked = Hunt.run(s, new Hunt.Listener() { });
        HuntResult full = Hunt.run(s.withFork(false), new Hunt.Listener() { });
        assertThat(forked.found()).isTrue();
        assertThat(forked.executions()).isEqualTo(full.executions());
        assertThat(forked.candidate()).isEqualTo(full.candidate());
        assertThat(forked.result().report().traceHash()).isEqualTo(full.result().report().traceHash());
        assertThat(forked.violation()).isEqualTo(full.violation());
    }

    @Test
    void aTargetedCandidatesScenario_isTheScenarioItsSetsLoad() {
        HuntSettings s = new HuntSettings("nmi-in-patched-function", List.of("host.cpus=4"),
                OracleTarget.of("notornfetch"), 12, Strategy.TARGETED, 1, 2, HuntSettings.DEFAULT_DEPTH);
        dev.quiesce.scenario.Scenario base = dev.quiesce.scenario.ScenarioLoader.load(s.source(), s.sets());
        ProtocolTimes times = new ProtocolTimes(List.of(57_000L, 57_020L), List.of(400_000L), List.of(52_000L),
                List.of(50_000L), 50_000, 58_000);
        TargetedPlacements t = new TargetedPlacements(base, times, dev.quiesce.random.SeedStream.root(5).child("t"));
        for (int i = 1; i < 40; i++) {
            Candidate c = t.candidate(i);
            assertThat(c.injections()).isPresent();
            assertThat(Hunt.scenario(s, base, c))
                    .isEqualTo(dev.quiesce.scenario.ScenarioLoader.load(s.source(), Hunt.apply(s.sets(), c)));
        }
    }
}
