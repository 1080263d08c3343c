package dev.quiesce.calibrate;

import dev.quiesce.cpu.CpuEvent;
import dev.quiesce.interrupt.InterruptKind;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TraceSamplesTest {

    private static CpuEvent qp(long t, int cpu) {
        return new CpuEvent.Quiescence(t, cpu, 0, 0);
    }

    private static CpuEvent in(long t, int cpu, InterruptKind k) {
        return new CpuEvent.InterruptEntry(t, cpu, 0, k, k == InterruptKind.NMI ? 2 : 0x30, 0, 0x202);
    }

    private static CpuEvent out(long t, int cpu, InterruptKind k) {
        return new CpuEvent.InterruptExit(t, cpu, 0, k, k == InterruptKind.NMI ? 2 : 0x30);
    }

    @Test
    void gaps_leaveOutHandlers_andNestedHandlersAreMatchedToTheirOwnEntries() {
        InterruptKind irq = InterruptKind.IRQ;
        InterruptKind nmi = InterruptKind.NMI;
        List<CpuEvent> trace = List.of(
                out(50, 1, irq),                               // entered before the trace: ignored
                qp(100, 0), qp(100, 1),
                in(200, 0, irq), in(250, 0, nmi), out(300, 0, nmi), out(400, 0, irq), // IRQ 200..400, NMI inside
                qp(1_100, 0),                                  // 1000 ns less the 200 ns handler
                qp(1_500, 1),
                new CpuEvent.InterruptLost(1_600, 1, 0, irq, 0x30),
                new CpuEvent.NmiSwallowed(1_700, 1, 0, 2),
                qp(1_900, 1),
                in(1_950, 1, irq),                             // still running at the cutoff: no duration
                qp(5_000, 0));                                 // after the cutoff
        TraceSamples s = TraceSamples.of(trace, 2, 2_000);
        assertThat(s.gapsNs()).containsExactly(400, 800, 1_400);
        assertThat(s.irqDurationsNs()).containsExactly(200);
        assertThat(s.nmiDurationsNs()).containsExactly(50);
        assertThat(s.irqArrivals()).isEqualTo(3);  // two entries and a lost one
        assertThat(s.nmiArrivals()).isEqualTo(2);  // an entry and a swallowed one
        assertThat(s.cpuTimeNs()).isEqualTo(4_000);
        assertThat(TraceSamples.gapSequences(trace, 2, 2_000)).isDeepEqualTo(new long[][] {{800}, {1_400, 400}});
    }

    @Test
    void thinning_keepsEvenlySpacedQuantiles_andSmallSamplesWhole() {
        long[] sorted = new long[10_000];
        for (int i = 0; i < sorted.length; i++) {
            sorted[i] = i;
        }
        long[] kept = Thinning.toAtMost(sorted, 100);
        assertThat(kept).hasSize(100);
        assertThat(kept[0]).isEqualTo(50);
        assertThat(kept[99]).isEqualTo(9_950);
        for (int i = 1; i < kept.length; i++) {
            assertThat(kept[i] - kept[i - 1]).isEqualTo(100);
        }
        assertThat(Thinning.toAtMost(new long[] {1, 2, 3}, 4096)).containsExactly(1, 2, 3);
    }
}
