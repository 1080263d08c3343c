package dev.quiesce.fleet.model;

import dev.quiesce.cpu.CpuEvent;
import dev.quiesce.random.SeedStream;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ModelledCpuStallTest {

    /** Quiescence exactly every 1 µs, no interrupts. */
    private static CpuModel everyMicrosecond() {
        return new CpuModel("metronome", Empirical.of(new long[] {1_000}), 0, Empirical.of(new long[] {0}), 0,
                Empirical.of(new long[] {0}));
    }

    private static List<Long> quiescence(ModelledCpu c, long untilNs) {
        List<CpuEvent> out = new ArrayList<>();
        c.runUntil(untilNs, out);
        return out.stream().filter(e -> e instanceof CpuEvent.Quiescence).map(CpuEvent::time).toList();
    }

    @Test
    void aStall_delaysTheQuiescencePointDueAfterItByItsLength_andTheCpuThenKeepsItsPace() {
        ModelledCpu plain = new ModelledCpu(0, everyMicrosecond(), SeedStream.root(1));
        ModelledCpu stalled = new ModelledCpu(0, everyMicrosecond(), SeedStream.root(1));
        stalled.stall(10_000, 20_000);
        List<Long> p = quiescence(plain, 40_000);
        List<Long> s = quiescence(stalled, 40_000);
        long due = p.stream().filter(t -> t > 10_000).findFirst().orElseThrow();
        assertThat(s).contains(due + 20_000).doesNotContain(due);
        assertThat(s.stream().filter(t -> t > 10_000 && t < due + 20_000)).isEmpty();
        assertThat(s).contains(due + 21_000);
    }

    @Test
    void aStallOnAHeldCpu_startsAfterTheRelease() {
        ModelledCpu c = new ModelledCpu(0, everyMicrosecond(), SeedStream.root(2));
        c.control(dev.quiesce.cpu.CpuControl.HOLD_AT_QUIESCENCE);
        List<Long> parked = quiescence(c, 5_000);
        assertThat(parked).hasSize(1);
        c.stall(6_000, 10_000);
        quiescence(c, 8_000);
        c.control(dev.quiesce.cpu.CpuControl.RELEASE);
        assertThat(quiescence(c, 30_000).getFirst()).isEqualTo(8_000 + 1_000 + 10_000);
    }
}
