package dev.quiesce.sweep;

import dev.quiesce.scenario.Scenario;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a sweep's timing columns measure: the protocol and the workload, not the host's quantum
 * (docs/architecture.md §3 rule 7).
 */
class SweepTimingTest {

    /** The most a time-to-apply percentile may move between host quanta of 1 us, 100 ns and 20 ns. */
    static final double TIME_TO_APPLY_TOLERANCE = 0.02;

    private static List<PointRow> sweep(String scenario, List<String> sets, List<Vary> varies, int seeds) {
        SweepPlan plan = new SweepPlan(scenario, sets, varies, seeds);
        List<Scenario> bases = plan.validate();
        return SweepRunner.run(plan, bases, 2, p -> { }).rows();
    }

    @Test
    void aSmallStragglerSweepsIrqsOffPausesHaveSpread_notOneQuantumForEveryCpu() {
        PointRow r = sweep("straggler", List.of(), List.of(), 4).getFirst();
        long quantumNs = 1_000;
        assertThat(r.overallOk()).isEqualTo(r.actions()).isPositive();
        assertThat(r.pauseP50()).as("p50 pause").isLessThan(r.pauseP99());
        assertThat(r.pauseP99()).as("p99 pause").isLessThanOrEqualTo(r.pauseMax());
        assertThat(r.pauseMax()).as("max pause: the spin loop's reads, well below one host quantum")
                .isLessThan(quantumNs);
    }

    @Test
    void timeToApplyConvergesAcrossHostQuantaOf1us100nsAnd20ns() {
        List<PointRow> rows = sweep("xen-default", List.of("host.cpus=4"),
                List.of(Vary.parse("host.quantum=1us,100ns,20ns")), 3);
        PointRow finest = rows.get(2);
        assertThat(finest.labels()).containsExactly("host.quantum=20ns");
        assertThat(finest.overallOk()).isEqualTo(finest.actions()).isPositive();
        for (PointRow r : rows.subList(0, 2)) {
            assertThat((double) r.applyP50()).as("p50 time to apply at %s", r.labels())
                    .isCloseTo(finest.applyP50(), org.assertj.core.data.Percentage.withPercentage(
                            TIME_TO_APPLY_TOLERANCE * 100));
            assertThat((double) r.applyMax()).as("max time to apply at %s", r.labels())
                    .isCloseTo(finest.applyMax(), org.assertj.core.data.Percentage.withPercentage(
                            TIME_TO_APPLY_TOLERANCE * 100));
            assertThat(r.pauseP99()).as("p99 pause at %s", r.labels()).isCloseTo(finest.pauseP99(),
                    org.assertj.core.data.Offset.offset(10L));
        }
    }
}
