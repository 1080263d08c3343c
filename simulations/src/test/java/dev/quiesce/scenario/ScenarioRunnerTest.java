package dev.quiesce.scenario;

import dev.quiesce.coordinator.ApplyOutcome;
import dev.quiesce.coordinator.ApplyResult;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ScenarioRunnerTest {

    @Test
    void irqsOffPausesComeFromEachCpusSpinLoop_differByCpuAndStayWithinOnePollOfTheRelease() {
        Scenario s = ScenarioLoader.load("xen-default", List.of("host.cpus=4"));
        ApplyOutcome o = ScenarioRunner.run(s, false).outcomes().getFirst();
        assertThat(o.rc()).isZero();
        long poll = s.host().cpu().spinPollNs();
        java.util.Set<Long> pauses = new java.util.TreeSet<>();
        for (int c = 0; c < 4; c++) {
            // a CPU turns IRQs off at its first spin-loop read after the IRQ phase starts, and the master acts once
            // the last one did: no pause is longer than one read period (none of these CPUs is in a handler then)
            assertThat(o.irqsOffPauseNs(c)).as("cpu %d", c).isBetween(0L, poll);
            pauses.add(o.irqsOffPauseNs(c));
        }
        assertThat(pauses).as("pauses differ by CPU: not one quantum for all").hasSizeGreaterThan(1);
    }

    @Test
    void withoutASpinLoop_everyCpuTurnsIrqsOffAtTheInstantTheIrqPhaseStarts() {
        ApplyOutcome o = ScenarioRunner.run(ScenarioLoader.load("xen-default",
                List.of("host.cpus=4", "host.cpu.spin-poll=0")), false).outcomes().getFirst();
        assertThat(o.rc()).isZero();
        for (int c = 0; c < 4; c++) {
            assertThat(o.irqsOffNs()[c]).as("cpu %d", c).isEqualTo(o.irqPhaseNs());
        }
    }

    @Test
    void theRunEndsOnceTheActionSettled_notAtTheScenariosDuration() {
        ScenarioResult r = ScenarioRunner.run(ScenarioLoader.load("xen-default", List.of("host.cpus=2")), false);
        assertThat(r.outcomes()).singleElement().satisfies(o -> assertThat(o.result()).isEqualTo(ApplyResult.DONE));
        assertThat(r.endNs()).isLessThan(r.scenario().durationNs()).isGreaterThan(r.outcomes().getFirst().releasedNs());
    }
}
