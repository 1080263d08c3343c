package dev.quiesce.host;

import dev.quiesce.cpu.CpuEvent;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HostLockstepTest {

    private static List<List<CpuEvent>> quantum(long t0) {
        List<List<CpuEvent>> perCpu = new ArrayList<>();
        for (int cpu = 0; cpu < 3; cpu++) {
            List<CpuEvent> events = new ArrayList<>();
            for (int k = 0; k < 4; k++) {
                events.add(new CpuEvent.Quiescence(t0 + 100 * k + (cpu == 1 ? 0 : cpu), cpu, k, 0x401000 + k));
            }
            perCpu.add(events);
        }
        return perCpu;
    }

    private static String run(List<Integer> arrival) {
        HostLockstep l = new HostLockstep(3, 1_000, 3_000);
        while (!l.finished()) {
            long end = l.beginQuantum();
            List<List<CpuEvent>> q = quantum(end - 1_000);
            for (int cpu : arrival) {
                l.accept(cpu, q.get(cpu), end * 4);
            }
        }
        return l.report(1, "id").traceHash();
    }

    @Test
    void traceHash_doesNotDependOnTheOrderCpusReport() {
        String reference = run(List.of(0, 1, 2));
        List<Integer> order = new ArrayList<>(List.of(0, 1, 2));
        for (int i = 0; i < 6; i++) {
            Collections.rotate(order, 1);
            if (i == 3) {
                Collections.swap(order, 0, 1);
            }
            assertThat(run(order)).isEqualTo(reference);
        }
    }

    @Test
    void quantumEvents_areSortedByTimeThenCpuThenSeq() {
        HostLockstep l = new HostLockstep(3, 1_000, 1_000);
        long end = l.beginQuantum();
        List<List<CpuEvent>> q = quantum(0);
        l.accept(2, q.get(2), 1);
        l.accept(0, q.get(0), 1);
        assertThat(l.accept(1, q.get(1), 1)).isTrue();
        List<CpuEvent> sorted = new ArrayList<>(l.quantumEvents());
        assertThat(sorted).isSortedAccordingTo(HostLockstep.ORDER);
        assertThat(sorted.getFirst().cpu()).isEqualTo(0);
        assertThat(sorted.get(1).cpu()).isEqualTo(1);
        assertThat(end).isEqualTo(1_000);
        assertThat(l.finished()).isTrue();
    }

    @Test
    void longestGap_countsRunStartAndEndAsBoundaries() {
        HostLockstep l = new HostLockstep(1, 1_000, 10_000);
        while (!l.finished()) {
            long end = l.beginQuantum();
            List<CpuEvent> events = end == 3_000 ? List.of(new CpuEvent.Quiescence(2_500, 0, 0, 1)) : List.of();
            l.accept(0, events, 0);
        }
        CpuSummary s = l.report(1, "id").cpus().getFirst();
        assertThat(s.quiescencePoints()).isEqualTo(1);
        assertThat(s.longestGapNs()).isEqualTo(7_500);
    }

    @Test
    void aCutQuantumEndsInsideItself_andTheNextStartsThere() {
        HostLockstep l = new HostLockstep(2, 1_000, 10_000);
        l.beginQuantum();
        l.accept(0, List.of(), 0);
        l.accept(1, List.of(), 0);
        assertThat(l.beginQuantum()).isEqualTo(2_000);
        assertThat(l.quantumStartNs()).isEqualTo(1_000);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> l.cutQuantum(1_000))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> l.cutQuantum(2_001))
                .isInstanceOf(IllegalArgumentException.class);
        l.acceptPartial(List.of(new CpuEvent.Quiescence(1_233, 1, 0, 1)));
        assertThat(l.cutQuantum(1_234)).isEqualTo(1_234);
        l.accept(0, List.of(), 0);
        assertThat(l.accept(1, List.of(), 0)).isTrue();
        assertThat(l.quantumEvents()).hasSize(1);
        assertThat(l.nowNs()).isEqualTo(1_234);
        assertThat(l.beginQuantum()).isEqualTo(2_234);
    }
}
