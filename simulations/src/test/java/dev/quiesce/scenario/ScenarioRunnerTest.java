package dev.quiesce.scenario;

import dev.quiesce.coordinator.ApplyOutcome;
import dev.quiesce.coordinator.ApplyResult;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ScenarioRunnerTest {

    @Test
    void aFineIrqPhaseQuantum_measuresIrqsOffPausesBelowTheHostQuantum() {
        ApplyOutcome coarse = ScenarioRunner.run(ScenarioLoader.load("xen-default", List.of("host.cpus=4")), false)
                .outcomes().getFirst();
        ApplyOutcome fine = ScenarioRunner.run(ScenarioLoader.load("xen-default",
                List.of("host.cpus=4", "barrier.irq-phase-quantum=20ns")), false).outcomes().getFirst();
        assertThat(coarse.rc()).isZero();
        assertThat(fine.rc()).isZero();
        for (int c = 0; c < 4; c++) {
            assertThat(coarse.irqsOffPauseNs(c)).isEqualTo(1_000); // one host quantum, whatever happened inside it
            assertThat(fine.irqsOffPauseNs(c)).isPositive().isLessThan(1_000);
        }
    }

    @Test
    void theRunEndsOnceTheActionSettled_notAtTheScenariosDuration() {
        ScenarioResult r = ScenarioRunner.run(ScenarioLoader.load("xen-default", List.of("host.cpus=2")), false);
        assertThat(r.outcomes()).singleElement().satisfies(o -> assertThat(o.result()).isEqualTo(ApplyResult.DONE));
        assertThat(r.endNs()).isLessThan(r.scenario().durationNs()).isGreaterThan(r.outcomes().getFirst().releasedNs());
    }
}
