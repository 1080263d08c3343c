package dev.quiesce.sweep;

import dev.quiesce.coordinator.ApplyOutcome;
import dev.quiesce.coordinator.ApplyResult;
import dev.quiesce.coordinator.ApplyRequest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PointStatsTest {

    private static ApplyOutcome outcome(ApplyRequest q, ApplyResult result, int rc, long issued, long released) {
        return new ApplyOutcome(q, result, rc, "", issued, 0, issued, issued + 1_000_000, new long[]{issued},
                new long[]{-1}, new long[1], -1, -1, -1, released, List.of());
    }

    @Test
    void attempts_groupIntoTheirActions_evenWhenRetriesInterleave() {
        ApplyRequest a = ApplyRequest.apply(100, "a");
        ApplyRequest b = ApplyRequest.apply(150, "b");
        List<ApplyOutcome> outcomes = List.of(outcome(a, ApplyResult.TIMED_OUT, -16, 100, 200),
                outcome(b, ApplyResult.DONE, 0, 300, 400), outcome(a.retryAt(500), ApplyResult.TIMED_OUT, -16, 500, 600),
                outcome(a.retryAt(500).retryAt(700), ApplyResult.DONE, 0, 700, 800));
        List<List<ApplyOutcome>> chains = RunSummary.chains(outcomes);
        assertThat(chains).hasSize(2);
        assertThat(chains.get(0)).extracting(o -> o.request().attempt()).containsExactly(1, 2, 3);
        assertThat(chains.get(1)).singleElement().satisfies(o -> assertThat(o.request().payload()).isEqualTo("b"));
    }

    @Test
    void stats_countFirstAndOverallSuccess_andTakePercentilesFromTheRunsInOrder() {
        PointStats s = new PointStats();
        // run 1: one action, first attempt failed, the retry succeeded 2 ms after the first hypercall
        s.add(new RunSummary(1, 0, 1, new int[]{2}, new long[]{2_000_000}, new long[]{1_000, 3_000}, 2, null, "r1"));
        // run 2: succeeded at once; run 3: never issued, and violated
        s.add(new RunSummary(1, 1, 1, new int[]{1}, new long[]{10_000}, new long[]{2_000}, 0, null, "r2"));
        s.add(new RunSummary(1, 0, 0, new int[]{}, new long[]{}, new long[]{}, 1, "NoTornFetch violated", "r3"));
        SweepPoint p = new SweepPoint(4, List.of("barrier.timeout=1ms"), List.of("barrier.timeout=1ms"));
        PointRow r = s.row(p, 0x20);
        assertThat(r.point()).isEqualTo(4);
        assertThat(r.runs()).isEqualTo(3);
        assertThat(r.actions()).isEqualTo(3);
        assertThat(r.firstRate()).isEqualTo(1 / 3.0);
        assertThat(r.overallRate()).isEqualTo(2 / 3.0);
        assertThat(r.attemptsMean()).isEqualTo(1.5);
        assertThat(r.attemptsP99()).isEqualTo(2);
        assertThat(r.applyMax()).isEqualTo(2_000_000);
        assertThat(r.applyP50()).isBetween(10_000L, 10_010L); // HdrHistogram: 3 significant digits
        assertThat(r.applyP99()).isEqualTo(2_000_000);
        assertThat(r.pauseP50()).isBetween(2_000L, 2_001L);
        assertThat(r.pauseP99()).isEqualTo(3_000);
        assertThat(r.pauseMax()).isEqualTo(3_000);
        assertThat(r.lostNmis()).isEqualTo(3);
        assertThat(r.violations()).isEqualTo(1);
        assertThat(r.replays()).containsExactly("r3");
        PointRow empty = new PointStats().row(p, 0);
        assertThat(empty.applyP99()).isEqualTo(-1);
        assertThat(empty.pauseMax()).isEqualTo(-1);
        assertThat(empty.firstRate()).isNaN();
    }
}
