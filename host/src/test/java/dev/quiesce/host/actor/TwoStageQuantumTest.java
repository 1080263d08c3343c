package dev.quiesce.host.actor;

import dev.quiesce.cpu.CpuControl;
import dev.quiesce.cpu.CpuEvent;
import dev.quiesce.host.HostLockstep;
import dev.quiesce.host.HostMachine;
import dev.quiesce.host.HostReport;
import dev.quiesce.host.HostSettings;
import dev.quiesce.host.QuantumHook;
import dev.quiesce.random.SeedStream;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two-stage quanta and spin loops (docs/architecture.md §3 rule 7), driven by a minimal rendezvous: at 100 us every
 * CPU is held and awaited; once all parked, every CPU is asked to turn IRQs off and awaited; once all did, all are
 * released.
 */
class TwoStageQuantumTest {

    private static final HostSettings FOUR = HostSettings.defaults().withCpus(4);
    private static final long QUANTUM_NS = FOUR.quantumNs();
    private static final long POLL_NS = FOUR.cpu().spinPollNs();

    /** The minimal rendezvous; records every boundary and event. */
    static final class Rendezvous implements QuantumHook {
        final List<Long> boundaries = new ArrayList<>();
        final List<CpuEvent> events = new ArrayList<>();
        long allParkedAt = -1;
        long irqPhaseAt = -1;
        long releasedAt = -1;
        private int stage;
        private final boolean[] done = new boolean[4];

        @Override
        public void afterQuantum(long nowNs, List<CpuEvent> quantum, HostLockstep lockstep, Controls out) {
            boundaries.add(nowNs);
            events.addAll(quantum);
            switch (stage) {
                case 0 -> {
                    if (nowNs >= 100_000) {
                        for (int c = 0; c < 4; c++) {
                            out.add(c, CpuControl.HOLD_AT_QUIESCENCE);
                            out.endNextQuantumOnStep(c);
                        }
                        stage = 1;
                    }
                }
                case 1 -> awaitAll(nowNs, quantum, CpuEvent.Quiescence.class, out, CpuControl.IRQS_OFF);
                case 2 -> awaitAll(nowNs, quantum, CpuEvent.IrqsOff.class, out, CpuControl.RELEASE);
                default -> { }
            }
        }

        private void awaitAll(long nowNs, List<CpuEvent> quantum, Class<?> step, Controls out, CpuControl next) {
            quantum.stream().filter(step::isInstance).forEach(e -> done[e.cpu()] = true);
            int count = 0;
            for (int c = 0; c < 4; c++) {
                count += done[c] ? 1 : 0;
            }
            if (count < 4) {
                for (int c = 0; c < 4; c++) {
                    if (!done[c]) {
                        out.endNextQuantumOnStep(c); // only those still to take it: the others never would
                    }
                }
                return;
            }
            for (int c = 0; c < 4; c++) {
                out.add(c, next);
            }
            if (stage == 1) {
                allParkedAt = nowNs;
                irqPhaseAt = nowNs;
                for (int c = 0; c < 4; c++) {
                    out.endNextQuantumOnStep(c);
                }
            } else {
                releasedAt = nowNs;
            }
            java.util.Arrays.fill(done, false);
            stage++;
        }
    }

    private static Rendezvous run(int threads, HostReport[] report) {
        Rendezvous r = new Rendezvous();
        try (HostMachine m = HostMachine.boot(FOUR, SeedStream.root(7).child("host", 0))) {
            report[0] = HostRunner.run(m, r, 7, 300_000, threads);
        }
        return r;
    }

    @Test
    void theQuantumEndsAtTheInstantTheLastAwaitedCpuParks_andIrqsOffComeAtEachCpusNextSpinRead() {
        HostReport[] report = new HostReport[1];
        Rendezvous r = run(2, report);
        assertThat(r.releasedAt).as("the rendezvous completed").isPositive();
        long lastPark = r.events.stream().filter(e -> e instanceof CpuEvent.Quiescence && e.time() <= r.allParkedAt)
                .mapToLong(CpuEvent::time).max().orElseThrow();
        assertThat(r.allParkedAt - lastPark).as("boundary after the last park (ns rounding)").isBetween(0L, 1L);
        assertThat(r.allParkedAt % QUANTUM_NS).as("not a fixed quantum boundary").isNotZero();
        List<Long> offs = r.events.stream().filter(e -> e instanceof CpuEvent.IrqsOff).map(CpuEvent::time).toList();
        assertThat(offs).hasSize(4).allSatisfy(t -> assertThat(t).isBetween(r.irqPhaseAt, r.irqPhaseAt + POLL_NS));
        assertThat(offs.stream().distinct().count()).as("each CPU reads at its own instants").isGreaterThan(1);
        long lastOff = offs.stream().mapToLong(Long::longValue).max().orElseThrow();
        assertThat(r.releasedAt - lastOff).as("released at the last IRQs-off").isBetween(0L, 1L);
    }

    @Test
    void twoStageQuanta_keepTheTraceHashIndependentOfTheThreadCount() {
        HostReport[] one = new HostReport[1];
        HostReport[] two = new HostReport[1];
        Rendezvous a = run(1, one);
        Rendezvous b = run(2, two);
        assertThat(b.boundaries).isEqualTo(a.boundaries);
        assertThat(two[0].traceHash()).isEqualTo(one[0].traceHash());
    }
}
