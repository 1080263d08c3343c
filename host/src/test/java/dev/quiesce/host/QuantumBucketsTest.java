package dev.quiesce.host;

import dev.quiesce.cpu.CpuEvent;
import dev.quiesce.emulator.unicorn.FaultKind;
import dev.quiesce.interrupt.InterruptKind;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lockstep's merge of the CPUs' own orders ({@link QuantumBuckets}) gives exactly the trace order of a full sort
 * by {@link HostLockstep#ORDER}, and hashing the CPUs' pre-encoded bytes ({@link FramedEvents}) with one digest update
 * gives exactly the hash of adding the sorted events one by one — whatever the order CPUs report in, whichever CPUs
 * encoded their own bytes, and when a CPU's events are not in its own order (then the lockstep sorts). The per-CPU
 * counts taken from the events' kinds equal those of the event-by-event count over the sorted quantum.
 */
class QuantumBucketsTest {

    /** A CPU's events of one quantum in its own order: times never go back, sequence numbers go up. */
    private static List<CpuEvent> stream(Random r, int cpu, long t0, long[] seq) {
        List<CpuEvent> out = new ArrayList<>();
        long t = t0;
        for (int k = r.nextInt(12); k > 0; k--) {
            t += r.nextInt(3); // small steps: ties within a CPU and across CPUs
            long s = seq[cpu]++;
            InterruptKind kind = InterruptKind.values()[r.nextInt(InterruptKind.values().length)];
            out.add(switch (r.nextInt(9)) {
                case 0 -> new CpuEvent.InterruptEntry(t, cpu, s, kind, 0x20 + r.nextInt(4), r.nextLong(), 0x246);
                case 1 -> new CpuEvent.InterruptExit(t, cpu, s, kind, 2);
                case 2 -> new CpuEvent.IrqsOff(t, cpu, s);
                case 3 -> new CpuEvent.Stopped(t, cpu, s, new long[] {r.nextLong(), r.nextLong()});
                case 4 -> new CpuEvent.InterruptLost(t, cpu, s, kind, 0x20);
                case 5 -> new CpuEvent.NmiSwallowed(t, cpu, s, 2);
                case 6 -> new CpuEvent.Fault(t, cpu, s, FaultKind.values()[r.nextInt(FaultKind.values().length)],
                        r.nextLong(), "f+0x" + r.nextInt(16), "detail " + r.nextInt(4));
                default -> new CpuEvent.Quiescence(t, cpu, s, 0x401000L + r.nextInt(64));
            });
        }
        return out;
    }

    @Property(tries = 300)
    void mergedQuantaMatchAFullSortAndHashAsEventByEvent(@ForAll @IntRange(min = 1, max = 9) int cpus,
                                                          @ForAll long seed, @ForAll boolean scrambleOne) {
        Random r = new Random(seed);
        HostLockstep lockstep = new HostLockstep(cpus, 100, 300);
        HostLockstep sorting = new HostLockstep(cpus, 100, 300); // given every event as one CPU's: it must sort
        TraceHasher reference = new TraceHasher();
        long[] seq = new long[cpus];
        while (!lockstep.finished()) {
            long end = lockstep.beginQuantum();
            sorting.beginQuantum();
            List<List<CpuEvent>> perCpu = new ArrayList<>();
            for (int c = 0; c < cpus; c++) {
                perCpu.add(stream(r, c, end - 100, seq));
            }
            if (scrambleOne) { // one CPU's events out of its own order: the lockstep must sort, with the same result
                Collections.reverse(perCpu.get(r.nextInt(cpus)));
            }
            List<CpuEvent> sorted = new ArrayList<>();
            perCpu.forEach(sorted::addAll);
            sorted.sort(HostLockstep.ORDER);
            sorted.forEach(reference::add);
            List<Integer> order = new ArrayList<>();
            for (int c = 0; c < cpus; c++) {
                order.add(c);
            }
            Collections.shuffle(order, r);
            for (int c : order) {
                FramedEvents framed = r.nextBoolean() ? new FramedEvents().addAll(perCpu.get(c)) : null;
                lockstep.accept(c, perCpu.get(c), framed, end * 4);
            }
            assertThat(lockstep.quantumEvents()).containsExactlyElementsOf(sorted);
            List<CpuEvent> shuffled = new ArrayList<>(sorted);
            Collections.shuffle(shuffled, r);
            sorting.acceptPartial(shuffled);
            for (int c = 0; c < cpus; c++) {
                sorting.accept(c, List.of(), end * 4);
            }
            assertThat(sorting.quantumEvents()).containsExactlyElementsOf(sorted);
        }
        for (int c = 0; c < cpus; c++) {
            reference.addCounter(c, lockstep.nowNs() * 4);
        }
        HostReport report = lockstep.report(1, "id");
        assertThat(report.cpus()).isEqualTo(sorting.report(1, "id").cpus());
        assertThat(report.events()).isEqualTo(reference.events());
        assertThat(report.traceHash()).isEqualTo(reference.finish());
    }

    @Test
    void eventsTooFarApartForThePackedKeysAreSortedWholeInTheSameOrder() {
        long far = 1L << 40; // more than the packed keys' 2^39 ns: the events themselves are sorted
        HostLockstep lockstep = new HostLockstep(2, 2 * far, 2 * far);
        lockstep.beginQuantum();
        List<CpuEvent> zero = List.of(new CpuEvent.Quiescence(0, 0, 0, 0x401000L),
                new CpuEvent.Quiescence(far, 0, 1, 0x401000L));
        List<CpuEvent> one = List.of(new CpuEvent.IrqsOff(5, 1, 0), new CpuEvent.Quiescence(far, 1, 1, 0x401000L));
        lockstep.accept(1, one, new FramedEvents().addAll(one), 0);
        lockstep.accept(0, zero, new FramedEvents().addAll(zero), 0);
        List<CpuEvent> sorted = new ArrayList<>(zero);
        sorted.addAll(one);
        sorted.sort(HostLockstep.ORDER);
        assertThat(lockstep.quantumEvents()).containsExactlyElementsOf(sorted);
        TraceHasher reference = new TraceHasher();
        sorted.forEach(reference::add);
        reference.addCounter(0, 0);
        reference.addCounter(1, 0);
        assertThat(lockstep.report(1, "id").traceHash()).isEqualTo(reference.finish());
    }

    @Test
    void eventsFiledUnderAnotherCpusIdAreSortedNotMerged() {
        HostLockstep lockstep = new HostLockstep(2, 100, 100);
        lockstep.beginQuantum();
        CpuEvent late = new CpuEvent.Quiescence(50, 1, 0, 0x401000L);
        CpuEvent early = new CpuEvent.Quiescence(10, 1, 1, 0x401000L); // CPU 1's, reported by CPU 0 after CPU 1's own
        lockstep.accept(1, List.of(late), 0);
        lockstep.accept(0, List.of(early), 0);
        assertThat(lockstep.quantumEvents()).containsExactly(early, late);
    }

    @Test
    void aFirstStagesEventsAndTheRestMergeAsOneCpuStream() {
        HostLockstep lockstep = new HostLockstep(2, 100, 100);
        lockstep.beginQuantum();
        CpuEvent a = new CpuEvent.Quiescence(10, 0, 0, 0x401000L);
        CpuEvent b = new CpuEvent.IrqsOff(20, 1, 0);
        CpuEvent c = new CpuEvent.Quiescence(30, 0, 1, 0x401000L);
        lockstep.acceptPartial(0, List.of(a), new FramedEvents().add(a));
        lockstep.accept(1, List.of(b), new FramedEvents().add(b), 0);
        lockstep.accept(0, List.of(c), null, 0);
        assertThat(lockstep.quantumEvents()).containsExactly(a, b, c);
    }

    @Test
    void aFirstStagesReportIsCopiedSoTheCpuMayReuseItsBufferForTheRest() {
        HostLockstep lockstep = new HostLockstep(1, 100, 100);
        lockstep.beginQuantum();
        CpuEvent parked = new CpuEvent.Quiescence(10, 0, 0, 0x401000L);
        CpuEvent off = new CpuEvent.IrqsOff(40, 0, 1);
        FramedEvents buffer = new FramedEvents().add(parked);
        lockstep.acceptPartial(0, List.of(parked), buffer);
        buffer.clear().add(off); // the CPU's second stage reuses its buffer before the quantum is merged
        lockstep.accept(0, List.of(off), buffer, 0);
        TraceHasher reference = new TraceHasher();
        reference.add(parked);
        reference.add(off);
        reference.addCounter(0, 0);
        assertThat(lockstep.quantumEvents()).containsExactly(parked, off);
        assertThat(lockstep.report(1, "id").traceHash()).isEqualTo(reference.finish());
    }
}
