package dev.quiesce.coordinator.protocol;

import dev.quiesce.coordinator.protocol.RendezvousEvent.Phase;
import dev.quiesce.coordinator.protocol.XenRendezvous.Ending;
import dev.quiesce.coordinator.protocol.XenWindow.State;
import dev.quiesce.cpu.CpuEvent;
import dev.quiesce.host.QuantumHook;
import dev.quiesce.splice.registry.QuiescedAction;

import java.util.List;

/**
 * The phase transitions of {@link XenRendezvous} up to the gathering: the master's election, its IPIs, the CPU and
 * IRQ phases' counts against the one deadline, the timeout ("Timed out on semaphore in CPU|IRQ quiesce phase k/N")
 * and the release ({@code do_livepatch_work()}, xen/common/livepatch.c; docs/xen-livepatch.md §4.1–§4.5). Each step
 * a variant may change is asked of the {@link XenRendezvous}.
 */
final class XenPhases {

    private final XenRendezvous x;
    private final XenWindow w;
    private final ProtocolContext ctx;
    private final XenNmiWatch nmis;

    /** The phases of {@code x}'s actions, over window {@code w}, on the host of {@code ctx}. */
    XenPhases(XenRendezvous x, XenWindow w, ProtocolContext ctx) {
        this.x = x;
        this.w = w;
        this.ctx = ctx;
        this.nmis = new XenNmiWatch(w);
    }

    /** The NMI accounting of the window. */
    XenNmiWatch nmis() {
        return nmis;
    }

    /** One boundary before the gathering: the quantum's events counted, then the transitions they allow. */
    void step(long nowNs, List<CpuEvent> events, QuantumHook.Controls out, List<RendezvousEvent> emitted) {
        for (CpuEvent e : events) {
            x.onEvent(e, out);
            consume(e, emitted);
            if (w.abortReason != null) {
                QuiescedAction a = w.action;
                emitted.add(new RendezvousEvent.Aborted(nowNs, -16, w.abortReason));
                end(nowNs, Ending.ABORTED, out, emitted);
                a.abort(w.abortReason);
                w.abortReason = null;
                return;
            }
        }
        if (w.pendingHold) {
            w.pendingHold = false;
            x.onHypercall(nowNs, out);
        }
        if (w.state == State.CPU_PHASE && w.ipiPending) {
            w.ipiPending = false;
            w.ipiSent = true;
            x.maskNmis(out);
            x.sendIpis(nowNs, out);
            emitted.add(new RendezvousEvent.IpiSent(nowNs, w.cpus - 1));
            emitted.add(new RendezvousEvent.PhaseStarted(nowNs, Phase.CPU));
        }
        if (w.state == State.CPU_PHASE && !w.ipiPending) {
            if (allArrived()) {
                w.state = State.IRQ_PHASE;
                emitted.add(new RendezvousEvent.PhaseStarted(nowNs, Phase.IRQ));
                x.startIrqPhase(nowNs, out);
                fineQuantum(out);
            } else if (nowNs >= w.deadline) {
                timeout(nowNs, Phase.CPU, w.arrivals, out, emitted);
            }
        } else if (w.state == State.IRQ_PHASE) {
            int others = w.offs - (w.irqsOff[w.master] ? 1 : 0);
            boolean othersOff = allIrqsOff();
            if (othersOff && w.irqsOff[w.master]) {
                w.state = State.RUN;
                x.gathered(nowNs, out);
            } else if (!othersOff && nowNs >= w.deadline) {
                timeout(nowNs, Phase.IRQ, others, out, emitted);
            } else {
                fineQuantum(out);
            }
        }
        awaitSteps(out);
    }

    /** The window ends ({@code ending} says how): the variant's {@link XenRendezvous#leave}, then idle. */
    void end(long nowNs, Ending ending, QuantumHook.Controls out, List<RendezvousEvent> emitted) {
        x.leave(nowNs, ending, out);
        emitted.add(new RendezvousEvent.Released(nowNs));
        w.end();
    }

    /**
     * Ends the next quantum at the instant the CPUs the rendezvous waits for take their step, so the master acts then
     * and not at the next fixed boundary (docs/architecture.md §3 rule 7): the requester's quiescence point (it becomes
     * master), the others' arrivals in the CPU phase, and every CPU's IRQs-off in the IRQ phase.
     */
    private void awaitSteps(QuantumHook.Controls out) {
        switch (w.state) {
            case AWAIT_MASTER -> {
                if (w.held[w.requester]) {
                    out.endNextQuantumOnStep(w.requester);
                }
            }
            case CPU_PHASE -> {
                for (int c = 0; c < w.cpus; c++) {
                    if (w.ipiSent && c != w.master && w.held[c] && !w.arrived[c]) {
                        out.endNextQuantumOnStep(c);
                    }
                }
            }
            case IRQ_PHASE -> {
                for (int c = 0; c < w.cpus; c++) {
                    if (!w.irqsOff[c]) {
                        out.endNextQuantumOnStep(c);
                    }
                }
            }
            case IDLE, RUN, PATCHING -> { }
        }
    }

    private void consume(CpuEvent e, List<RendezvousEvent> emitted) {
        if (nmis.observe(e, emitted)) {
            return;
        }
        switch (w.state) {
            case AWAIT_MASTER -> {
                if (e instanceof CpuEvent.Quiescence q && x.electsMaster(q)) {
                    w.elect(q.cpu(), q.time());
                    emitted.add(new RendezvousEvent.MasterElected(q.time(), w.master, w.deadline));
                }
            }
            case CPU_PHASE -> {
                if (w.ipiSent && e instanceof CpuEvent.Quiescence q && q.cpu() != w.master && !w.arrived[q.cpu()]
                        && x.countsArrival(q)) {
                    w.arrive(q.cpu());
                    emitted.add(new RendezvousEvent.Arrived(q.time(), q.cpu()));
                }
            }
            case IRQ_PHASE -> {
                if (e instanceof CpuEvent.IrqsOff o && !w.irqsOff[o.cpu()] && x.countsIrqsOff(o)) {
                    w.turnIrqsOff(o.cpu());
                    emitted.add(new RendezvousEvent.IrqsOff(o.time(), o.cpu()));
                }
            }
            case IDLE, RUN, PATCHING -> { }
        }
    }

    /** Whether every other CPU the master waits for ({@link XenRendezvous#waitsFor}) has arrived. */
    private boolean allArrived() {
        for (int c = 0; c < w.cpus; c++) {
            if (c != w.master && !w.arrived[c] && x.waitsFor(c)) {
                return false;
            }
        }
        return true;
    }

    /** Whether every other CPU the master waits for ({@link XenRendezvous#waitsFor}) has turned its IRQs off. */
    private boolean allIrqsOff() {
        for (int c = 0; c < w.cpus; c++) {
            if (c != w.master && !w.irqsOff[c] && x.waitsFor(c)) {
                return false;
            }
        }
        return true;
    }

    /** In the IRQ phase, quanta as fine as the policy asks (each CPU's local_irq_save timed below a quantum). */
    private void fineQuantum(QuantumHook.Controls out) {
        if (ctx.policy().irqPhaseQuantumNs() > 0) {
            out.shrinkNextQuantum(ctx.policy().irqPhaseQuantumNs());
        }
    }

    private void timeout(long nowNs, Phase phase, int count, QuantumHook.Controls out, List<RendezvousEvent> emitted) {
        QuiescedAction a = w.action;
        emitted.add(new RendezvousEvent.TimedOut(nowNs, phase, count, w.cpus - 1));
        end(nowNs, phase == Phase.CPU ? Ending.CPU_PHASE_TIMED_OUT : Ending.IRQ_PHASE_TIMED_OUT, out, emitted);
        a.abort("Timed out on semaphore in %s quiesce phase %d/%d".formatted(phase, count, w.cpus - 1));
    }
}
