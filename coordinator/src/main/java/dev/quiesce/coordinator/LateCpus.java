package dev.quiesce.coordinator;

import dev.quiesce.coordinator.protocol.RendezvousEvent;
import dev.quiesce.coordinator.protocol.StopMachineStackCheck;
import dev.quiesce.cpu.CpuSnapshot;
import dev.quiesce.host.HostMachine;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Which CPUs an attempt that ran out of time waited for, and where they were. Xen's rendezvous
 * ({@code livepatch_spin()}, xen/common/livepatch.c) times out with -EBUSY when not every CPU arrived in the CPU
 * phase (late: those that never arrived) or did not disable IRQs in the IRQ phase (late: those whose IRQs stayed
 * on); kpatch's stop_machine times out when not every live CPU stopped (late: those that did not stop). A CPU
 * halted on a fault is not late (it is reported as its fault). Other outcomes have no late CPUs.
 */
final class LateCpus {

    private LateCpus() {
    }

    /** The late CPUs of {@code o}, given the CPUs that stopped during the attempt, from {@code machine}'s snapshots. */
    static List<LateCpu> of(ApplyOutcome o, BitSet stopped, HostMachine machine) {
        BitSet late = waitedFor(o, stopped);
        List<LateCpu> out = new ArrayList<>();
        for (int c = late.nextSetBit(0); c >= 0; c = late.nextSetBit(c + 1)) {
            CpuSnapshot s = machine.cpuSnapshots().get(c);
            if (s == null || s.halted()) {
                continue;
            }
            String line = machine.image().sourceLines().at(s.pc()).map(Object::toString).orElse("");
            out.add(new LateCpu(c, s.pc(), machine.symbolize(s.pc()), line, s.handlerDepth()));
        }
        return List.copyOf(out);
    }

    private static BitSet waitedFor(ApplyOutcome o, BitSet stopped) {
        int cpus = o.arrivalNs().length;
        BitSet late = new BitSet(cpus);
        for (RendezvousEvent e : o.events()) {
            if (e instanceof RendezvousEvent.TimedOut t) {
                late.clear();
                for (int c = 0; c < cpus; c++) {
                    boolean missing = t.phase() == RendezvousEvent.Phase.CPU ? o.arrivalNs()[c] < 0 : o.irqsOffNs()[c] < 0;
                    late.set(c, c != o.master() && missing);
                }
            } else if (e instanceof RendezvousEvent.Aborted a && a.reason().startsWith(StopMachineStackCheck.TIMED_OUT)) {
                late.set(0, cpus);
                late.andNot(stopped);
            }
        }
        return late;
    }
}
