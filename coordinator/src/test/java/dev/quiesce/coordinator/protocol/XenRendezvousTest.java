package dev.quiesce.coordinator.protocol;

import dev.quiesce.cpu.CpuControl;
import dev.quiesce.cpu.CpuEvent;
import dev.quiesce.host.QuantumHook;
import dev.quiesce.splice.registry.Action;
import dev.quiesce.splice.registry.QuiescedAction;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Xen rendezvous state machine alone, fed hand-made events (no emulator, no actors), against Xen's
 * documented sequence (docs/xen-livepatch.md §4.2–§4.5).
 */
class XenRendezvousTest {

    private final List<String> calls = new ArrayList<>();
    private final QuiescedAction action = new QuiescedAction() {
        public String payload() {
            return "p";
        }

        public Action action() {
            return Action.APPLY;
        }

        public long timeoutNs() {
            return 10_000;
        }

        public void quiesced() {
            calls.add("quiesced");
        }

        public void released() {
            calls.add("released");
        }

        public void abort(String reason) {
            calls.add("abort: " + reason);
        }
    };

    private static CpuEvent qp(long t, int cpu) {
        return new CpuEvent.Quiescence(t, cpu, t, 0);
    }

    @Test
    void theRequesterBecomesMasterAtItsQuiescencePointThenBothPhasesRunAndTheActionRunsOnce() {
        XenRendezvous x = new XenRendezvous(3);
        QuantumHook.Controls out = new QuantumHook.Controls(3);
        List<RendezvousEvent> ev = new ArrayList<>();
        x.start(action, 0, 1000);
        x.onQuantum(1000, List.of(), out, ev);
        assertThat(out.take(0)).containsExactly(CpuControl.HOLD_AT_QUIESCENCE);
        x.onQuantum(2000, List.of(qp(1500, 1), qp(1600, 0)), out, ev); // cpu 1's QP came before the IPI
        assertThat(ev.getFirst()).isEqualTo(new RendezvousEvent.MasterElected(1600, 0, 11_600));
        // arch_livepatch_mask() (Xen's default NMI policy, swallow) on every CPU, then the IPIs
        assertThat(out.take(1)).containsExactly(CpuControl.MASK_NMIS_SWALLOW, CpuControl.HOLD_AT_QUIESCENCE);
        x.onQuantum(3000, List.of(qp(2500, 2)), out, ev);
        x.onQuantum(5000, List.of(qp(4000, 1)), out, ev);
        assertThat(out.take(2)).containsExactly(CpuControl.MASK_NMIS_SWALLOW, CpuControl.HOLD_AT_QUIESCENCE,
                CpuControl.IRQS_OFF);
        x.onQuantum(6000, List.of(new CpuEvent.IrqsOff(5500, 0, 9), new CpuEvent.IrqsOff(5500, 1, 9),
                new CpuEvent.IrqsOff(5500, 2, 9)), out, ev);
        assertThat(calls).containsExactly("quiesced", "released");
        assertThat(out.take(1)).containsExactly(CpuControl.IRQS_OFF, CpuControl.UNMASK_NMIS, CpuControl.RELEASE);
        assertThat(ev).filteredOn(e -> e instanceof RendezvousEvent.Arrived)
                .containsExactly(new RendezvousEvent.Arrived(2500, 2), new RendezvousEvent.Arrived(4000, 1));
        assertThat(x.busy()).isFalse();
    }

    @Test
    void irqPhaseArrivalsAfterTheSharedDeadlineDoNotCountAndTheIrqPhaseTimesOut() {
        XenRendezvous x = new XenRendezvous(3);
        QuantumHook.Controls out = new QuantumHook.Controls(3);
        List<RendezvousEvent> ev = new ArrayList<>();
        x.start(action, 0, 1000);
        x.onQuantum(1000, List.of(), out, ev);
        x.onQuantum(2000, List.of(qp(1600, 0)), out, ev);
        x.onQuantum(11_000, List.of(qp(2500, 2), qp(10_000, 1)), out, ev);
        x.onQuantum(12_000, List.of(new CpuEvent.IrqsOff(11_500, 1, 9), new CpuEvent.IrqsOff(11_700, 2, 9)), out, ev);
        assertThat(calls).containsExactly("abort: Timed out on semaphore in IRQ quiesce phase 1/2");
        assertThat(x.busy()).isFalse();
    }

    @Test
    void aCpuThatDoesNotArriveBeforeTheDeadlineAbortsWithTheCountOfThoseThatDid() {
        XenRendezvous x = new XenRendezvous(3);
        QuantumHook.Controls out = new QuantumHook.Controls(3);
        List<RendezvousEvent> ev = new ArrayList<>();
        x.start(action, 0, 0);
        x.onQuantum(0, List.of(), out, ev);
        x.onQuantum(1000, List.of(qp(500, 0)), out, ev);
        x.onQuantum(5000, List.of(qp(3000, 2)), out, ev);
        x.onQuantum(11_000, List.of(qp(10_800, 1)), out, ev);
        assertThat(calls).containsExactly("abort: Timed out on semaphore in CPU quiesce phase 1/2");
        assertThat(out.take(1)).endsWith(CpuControl.RELEASE);
        assertThat(x.busy()).isFalse();
    }

    @Test
    void aSingleCpuHostGoesStraightToTheIrqPhaseAndRunsTheAction() {
        XenRendezvous x = new XenRendezvous(1);
        QuantumHook.Controls out = new QuantumHook.Controls(1);
        List<RendezvousEvent> ev = new ArrayList<>();
        x.start(action, 0, 0);
        x.onQuantum(0, List.of(), out, ev);
        x.onQuantum(1000, List.of(qp(10, 0)), out, ev);
        x.onQuantum(2000, List.of(new CpuEvent.IrqsOff(1000, 0, 5)), out, ev);
        assertThat(calls).containsExactly("quiesced", "released");
        assertThat(x.busy()).isFalse();
    }

    @Test
    void theNmiPolicyChoosesTheMaskSetWhenTheMasterMasksAndNmisLostInTheWindowAreReported() {
        for (NmiPolicy p : NmiPolicy.values()) {
            XenRendezvous x = new XenRendezvous(2);
            QuantumHook.Controls out = new QuantumHook.Controls(2);
            List<RendezvousEvent> ev = new ArrayList<>();
            x.start(action, 0, 1000, p);
            x.onQuantum(1000, List.of(), out, ev);
            assertThat(out.take(1)).isEmpty(); // no mask before the master's arch_livepatch_mask()
            x.onQuantum(2000, List.of(qp(1600, 0)), out, ev);
            List<CpuControl> expected = new ArrayList<>();
            p.maskControl().ifPresent(expected::add);
            expected.add(CpuControl.HOLD_AT_QUIESCENCE);
            assertThat(out.take(1)).as("%s", p).containsExactlyElementsOf(expected);
            x.onQuantum(3000, List.of(new CpuEvent.NmiSwallowed(2100, 1, 5, 2),
                    new CpuEvent.InterruptLost(2200, 0, 6, dev.quiesce.interrupt.InterruptKind.NMI, 2),
                    new CpuEvent.InterruptLost(2300, 0, 7, dev.quiesce.interrupt.InterruptKind.IRQ, 40)),
                    out, ev);
            assertThat(ev).filteredOn(e -> e instanceof RendezvousEvent.NmiLost).containsExactly(
                    new RendezvousEvent.NmiLost(2100, 1, true), new RendezvousEvent.NmiLost(2200, 0, false));
        }
        assertThat(NmiPolicy.parse("Defer")).isEqualTo(NmiPolicy.DEFER);
        assertThat(NmiPolicy.DEFAULT).isEqualTo(NmiPolicy.SWALLOW);
    }
}
