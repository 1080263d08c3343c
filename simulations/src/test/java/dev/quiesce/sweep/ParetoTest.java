package dev.quiesce.sweep;

import dev.quiesce.report.SweepTable;
import dev.quiesce.report.SweepJson;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ParetoTest {

    /** A row with {@code ok} of 100 actions successful and {@code pauseP99} ns (-1: no pause measured). */
    static PointRow row(int point, long ok, long pauseP99) {
        return new PointRow(point, List.of("barrier.timeout=" + point + "ms"), 0x5eed, 10, 100, ok, ok, 1.0, 1,
                1_000, 2_000, 3_000, pauseP99 < 0 ? -1 : pauseP99 / 2, pauseP99, pauseP99, 0, 0, List.of(), false);
    }

    @Test
    void front_isThePointsThatNoOtherBeatsOnSuccessAndP99Pause() {
        List<PointRow> marked = Pareto.mark(List.of(
                row(0, 50, 10_000),   // on: the lowest pause
                row(1, 80, 20_000),   // on
                row(2, 70, 25_000),   // off: 1 has more success and less pause
                row(3, 100, 40_000),  // on: the highest success
                row(4, 100, 45_000),  // off: 3 as successful with less pause
                row(5, 80, 20_000))); // on: ties with 1, neither dominates
        assertThat(marked).extracting(PointRow::pareto).containsExactly(true, true, false, true, false, true);
        assertThat(marked).extracting(PointRow::point).containsExactly(0, 1, 2, 3, 4, 5);
    }

    @Test
    void aPointWithoutPauses_countsAsZeroPause_andWithoutActionsAsZeroSuccess() {
        PointRow noActions = new PointRow(2, List.of(), 1, 1, 0, 0, 0, Double.NaN, -1, -1, -1, -1, -1, -1, -1, 0, 0,
                List.of(), false);
        List<PointRow> marked = Pareto.mark(List.of(row(0, 10, -1), row(1, 90, 5_000), noActions));
        assertThat(marked).extracting(PointRow::pareto).containsExactly(true, true, false);
    }

    @Test
    void table_csvAndJson_holdTheSameRowsAndMarkTheFront() {
        SweepPlan plan = new SweepPlan("straggler", List.of(), List.of(Vary.parse("barrier.timeout=0ms,1ms,2ms")), 10);
        List<PointRow> rows = Pareto.mark(List.of(row(0, 50, 10_000), row(1, 40, 20_000), row(2, 100, 40_000)));
        String csv = SweepTable.csv(plan, rows);
        assertThat(csv.lines().toList()).containsExactly(
                "point,barrier.timeout,seed0,runs,actions,first_success,overall_success,attempts_mean,attempts_p99,"
                        + "apply_p50_ns,apply_p99_ns,apply_max_ns,pause_p50_ns,pause_p99_ns,pause_max_ns,lost_nmis,"
                        + "violations,pareto",
                "0,0ms,0x5eed,10,100,0.5000,0.5000,1.0000,1,1000,2000,3000,5000,10000,10000,0,0,*",
                "1,1ms,0x5eed,10,100,0.4000,0.4000,1.0000,1,1000,2000,3000,10000,20000,20000,0,0,",
                "2,2ms,0x5eed,10,100,1.0000,1.0000,1.0000,1,1000,2000,3000,20000,40000,40000,0,0,*");
        List<String> text = SweepTable.text(plan, rows).lines().toList();
        assertThat(text.getFirst()).startsWith("#  barrier.timeout  first%  overall%").endsWith("violations  pareto");
        assertThat(text.getFirst()).contains("apply-p50-us").contains("pause-p50-ns  pause-p99-ns  pause-max-ns");
        // time to apply in us to the 10 ns, pauses in whole ns (they are tens of ns: a spin loop's reads)
        assertThat(text.get(1)).matches("0  0ms +50\\.0 +50\\.0 +1\\.00 +1 +1\\.00 +2\\.00 +3\\.00 +5000 +10000 +10000 +0 +0 +\\*");
        assertThat(text.get(2)).endsWith(" 0");
        String json = SweepJson.of("straggler", plan, rows);
        assertThat(json).contains("\"vary\": {\"barrier.timeout\": \"1ms\"}")
                .contains("\"irqsOffPauseNs\": {\"p50\": 10000, \"p99\": 20000, \"max\": 20000}")
                .contains("\"pareto\": false").contains("\"seedRule\": ");
    }
}
