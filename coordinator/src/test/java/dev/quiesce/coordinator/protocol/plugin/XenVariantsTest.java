package dev.quiesce.coordinator.protocol.plugin;

import dev.quiesce.coordinator.protocol.ProtocolContext;
import dev.quiesce.coordinator.protocol.ProtocolSpec;
import dev.quiesce.coordinator.protocol.RendezvousEvent;
import dev.quiesce.coordinator.protocol.XenRendezvous;
import dev.quiesce.cpu.CpuControl;
import dev.quiesce.cpu.CpuEvent;
import dev.quiesce.host.QuantumHook;
import dev.quiesce.splice.registry.Action;
import dev.quiesce.splice.registry.QuiescedAction;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Variants of Xen's rendezvous written as small subclasses over its hooks, fed hand-made events. */
class XenVariantsTest {

    /** Xen before c5ed88110cd1: a CPU-phase timeout jumps past {@code arch_livepatch_unmask()}. */
    @ProtocolSpec(name = "test.abort-forgets-unmask")
    public static final class AbortForgetsUnmask extends XenRendezvous {
        public AbortForgetsUnmask(ProtocolContext ctx) {
            super(ctx);
        }

        @Override
        protected void leave(long nowNs, Ending ending, QuantumHook.Controls out) {
            if (ending != Ending.CPU_PHASE_TIMED_OUT) {
                unmaskNmis(out);
            }
            releaseAll(out);
        }
    }

    /** The first CPU to reach a quiescence point after the hypercall becomes master and patches. */
    @ProtocolSpec(name = "test.first-arrival-patches")
    public static final class FirstArrivalPatches extends XenRendezvous {
        public FirstArrivalPatches(ProtocolContext ctx) {
            super(ctx);
        }

        @Override
        protected void onHypercall(long nowNs, QuantumHook.Controls out) {
        }

        @Override
        protected boolean electsMaster(CpuEvent.Quiescence q) {
            return true;
        }
    }

    /** The first CPU to arrive patches without waiting for anyone (Linux's patch_text before 31a099dbd91e). */
    @ProtocolSpec(name = "test.first-arrival-waits-for-nobody")
    public static final class FirstArrivalWaitsForNobody extends XenRendezvous {
        public FirstArrivalWaitsForNobody(ProtocolContext ctx) {
            super(ctx);
        }

        @Override
        protected void onHypercall(long nowNs, QuantumHook.Controls out) {
        }

        @Override
        protected boolean electsMaster(CpuEvent.Quiescence q) {
            return true;
        }

        @Override
        protected boolean waitsFor(int cpu) {
            return false;
        }
    }

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

    /** Runs a CPU-phase timeout (CPU 1 never arrives) and returns CPU 1's commands at the timeout's boundary. */
    private List<CpuControl> cpuPhaseTimeout(XenRendezvous x) {
        QuantumHook.Controls out = new QuantumHook.Controls(3);
        List<RendezvousEvent> ev = new ArrayList<>();
        x.start(action, 0, 0);
        x.onQuantum(0, List.of(), out, ev);
        x.onQuantum(1000, List.of(qp(500, 0)), out, ev);
        assertThat(out.take(1)).containsExactly(CpuControl.MASK_NMIS_SWALLOW, CpuControl.HOLD_AT_QUIESCENCE);
        x.onQuantum(5000, List.of(qp(3000, 2)), out, ev);
        out.take(1);
        x.onQuantum(11_000, List.of(), out, ev);
        assertThat(calls).containsExactly("abort: Timed out on semaphore in CPU quiesce phase 1/2");
        return out.take(1);
    }

    @Test
    void xenUnmasksOnACpuPhaseTimeout_theVariantWithoutTheFixReleasesWithNmisStillMasked() {
        assertThat(cpuPhaseTimeout(new XenRendezvous(ProtocolContext.detached(3))))
                .containsExactly(CpuControl.UNMASK_NMIS, CpuControl.RELEASE);
        calls.clear();
        XenRendezvous buggy = new AbortForgetsUnmask(ProtocolContext.detached(3));
        assertThat(cpuPhaseTimeout(buggy)).containsExactly(CpuControl.RELEASE);
        assertThat(buggy.name()).isEqualTo("test.abort-forgets-unmask");
    }

    @Test
    void theVariantStillUnmasksWhenTheActionIsDone() {
        XenRendezvous x = new AbortForgetsUnmask(ProtocolContext.detached(2));
        QuantumHook.Controls out = new QuantumHook.Controls(2);
        List<RendezvousEvent> ev = new ArrayList<>();
        x.start(action, 0, 0);
        x.onQuantum(0, List.of(), out, ev);
        x.onQuantum(1000, List.of(qp(500, 0)), out, ev);
        x.onQuantum(2000, List.of(qp(1500, 1)), out, ev);
        out.take(1);
        x.onQuantum(3000, List.of(new CpuEvent.IrqsOff(2500, 0, 9), new CpuEvent.IrqsOff(2500, 1, 9)), out, ev);
        assertThat(calls).containsExactly("quiesced", "released");
        assertThat(out.take(1)).containsExactly(CpuControl.UNMASK_NMIS, CpuControl.RELEASE);
    }

    @Test
    void theFirstCpuToArriveBecomesMaster_andIsHeldWithTheOthersAtTheIpis() {
        XenRendezvous x = new FirstArrivalPatches(ProtocolContext.detached(3));
        QuantumHook.Controls out = new QuantumHook.Controls(3);
        List<RendezvousEvent> ev = new ArrayList<>();
        x.start(action, 0, 0);
        x.onQuantum(0, List.of(), out, ev);
        assertThat(out.take(0)).isEmpty(); // nobody is held at the hypercall
        x.onQuantum(1000, List.of(qp(400, 2), qp(500, 0)), out, ev);
        assertThat(ev.getFirst()).isEqualTo(new RendezvousEvent.MasterElected(400, 2, 10_400));
        for (int c = 0; c < 3; c++) {
            assertThat(out.take(c)).containsExactly(CpuControl.MASK_NMIS_SWALLOW, CpuControl.HOLD_AT_QUIESCENCE);
        }
        x.onQuantum(2000, List.of(qp(1500, 0), qp(1600, 1)), out, ev);
        assertThat(ev).filteredOn(e -> e instanceof RendezvousEvent.PhaseStarted).hasSize(2);
    }

    /** The master's own IRQs-off at 1500 after its election at 400: with the others not arrived (or arrived). */
    private List<String> masterAloneTurnsIrqsOff(XenRendezvous x) {
        QuantumHook.Controls out = new QuantumHook.Controls(3);
        List<RendezvousEvent> ev = new ArrayList<>();
        x.start(action, 0, 0);
        x.onQuantum(0, List.of(), out, ev);
        x.onQuantum(1000, List.of(qp(400, 2)), out, ev);
        x.onQuantum(2000, List.of(new CpuEvent.IrqsOff(1500, 2, 9)), out, ev);
        return calls;
    }

    @Test
    void aMasterThatWaitsForNobodyActsOnItsOwnIrqsOff_xenWaitsForEveryCpu() {
        assertThat(masterAloneTurnsIrqsOff(new FirstArrivalPatches(ProtocolContext.detached(3)))).isEmpty();
        assertThat(masterAloneTurnsIrqsOff(new FirstArrivalWaitsForNobody(ProtocolContext.detached(3))))
                .containsExactly("quiesced", "released");
    }
}
