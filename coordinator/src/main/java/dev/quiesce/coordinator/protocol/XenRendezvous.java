package dev.quiesce.coordinator.protocol;

import dev.quiesce.coordinator.protocol.RendezvousEvent.Phase;
import dev.quiesce.cpu.CpuControl;
import dev.quiesce.cpu.CpuEvent;
import dev.quiesce.cpu.host.QuantumHook;
import dev.quiesce.cpu.interrupt.InterruptKind;
import dev.quiesce.splice.registry.QuiescedAction;

import java.util.List;

/**
 * Xen's rendezvous, faithfully ({@code do_livepatch_work()} and {@code livepatch_spin()} in
 * xen/common/livepatch.c; reference §4.1–§4.5), as a state machine over a host's sorted events:
 * <ol>
 *   <li>the requesting CPU is held at its next quiescence point and becomes master there — that wait is not
 *       bounded by the timeout;</li>
 *   <li>deadline = the master's time + the action's timeout; the master IPIs every other CPU (the hold takes
 *       effect at the next boundary);</li>
 *   <li>CPU phase: each other CPU arrives at its next quiescence point and spins, IRQs still on;</li>
 *   <li>IRQ phase (same deadline): every held CPU disables IRQs and counts again; then the master does;</li>
 *   <li>the master runs the action ({@link QuiescedAction#quiesced()}), every CPU serialises and is released,
 *       then {@link QuiescedAction#released()} (post hooks).</li>
 * </ol>
 * A phase not complete when a boundary reaches the deadline logs "Timed out on semaphore in CPU|IRQ quiesce
 * phase k/N", aborts the action (rc -EBUSY, nothing changed) and releases everyone; there is no retry.
 * Arrivals after the deadline do not count.
 *
 * <p>NMIs: when the master is elected it masks NMIs on every CPU per the apply's {@link NmiPolicy} (Xen's
 * {@code arch_livepatch_mask()}, xen/arch/x86/livepatch.c; {@link NmiPolicy#SWALLOW} by default); the release
 * unmasks them ({@code arch_livepatch_unmask()}). NMIs lost inside the window are reported as
 * {@link RendezvousEvent.NmiLost}.
 */
@ProtocolSpec(name = XenRendezvous.NAME, description = "Xen Live Patch: master, CPU and IRQ phases, one deadline")
public final class XenRendezvous implements RendezvousProtocol {

    /** The registered name. */
    public static final String NAME = "xen.rendezvous";

    private enum State { IDLE, AWAIT_MASTER, CPU_PHASE, IRQ_PHASE }

    private final int cpus;
    private final boolean[] arrived;
    private final boolean[] irqsOff;
    private State state = State.IDLE;
    private QuiescedAction action;
    private int requester;
    private int master;
    private long deadline;
    private boolean pendingHold;
    private boolean ipiPending;
    private boolean ipiSent;
    private int arrivals;
    private int offs;
    private NmiPolicy nmi = NmiPolicy.DEFAULT;

    /** A rendezvous for a host of {@code cpus} CPUs. */
    public XenRendezvous(int cpus) {
        if (cpus < 1) {
            throw new IllegalArgumentException("cpus must be positive");
        }
        this.cpus = cpus;
        this.arrived = new boolean[cpus];
        this.irqsOff = new boolean[cpus];
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean busy() {
        return state != State.IDLE;
    }

    @Override
    public void start(QuiescedAction work, int requestingCpu, long nowNs) {
        start(work, requestingCpu, nowNs, NmiPolicy.DEFAULT);
    }

    @Override
    public void start(QuiescedAction work, int requestingCpu, long nowNs, NmiPolicy nmiPolicy) {
        if (busy()) {
            throw new IllegalStateException("an action is already in progress: " + action.payload());
        }
        if (requestingCpu < 0 || requestingCpu >= cpus) {
            throw new IllegalArgumentException("no cpu " + requestingCpu);
        }
        action = work;
        nmi = java.util.Objects.requireNonNull(nmiPolicy, "nmiPolicy");
        requester = requestingCpu;
        master = -1;
        ipiPending = false;
        ipiSent = false;
        arrivals = 0;
        offs = 0;
        java.util.Arrays.fill(arrived, false);
        java.util.Arrays.fill(irqsOff, false);
        state = State.AWAIT_MASTER;
        pendingHold = true;
    }

    @Override
    public void onQuantum(long nowNs, List<CpuEvent> events, QuantumHook.Controls out, List<RendezvousEvent> emitted) {
        for (CpuEvent e : events) {
            consume(e, emitted);
        }
        if (pendingHold) { // the hypercall's tasklet: the requester goes to its idle loop and stops there
            pendingHold = false;
            out.add(requester, CpuControl.HOLD_AT_QUIESCENCE);
        }
        if (state == State.CPU_PHASE && ipiPending) {
            ipiPending = false;
            ipiSent = true;
            nmi.maskControl().ifPresent(m -> { // arch_livepatch_mask(): global, so every CPU
                for (int c = 0; c < cpus; c++) {
                    out.add(c, m);
                }
            });
            for (int c = 0; c < cpus; c++) {
                if (c != master) {
                    out.add(c, CpuControl.HOLD_AT_QUIESCENCE);
                }
            }
            emitted.add(new RendezvousEvent.IpiSent(nowNs, cpus - 1));
            emitted.add(new RendezvousEvent.PhaseStarted(nowNs, Phase.CPU));
        }
        if (state == State.CPU_PHASE && !ipiPending) {
            if (arrivals == cpus - 1) {
                state = State.IRQ_PHASE;
                emitted.add(new RendezvousEvent.PhaseStarted(nowNs, Phase.IRQ));
                for (int c = 0; c < cpus; c++) {
                    out.add(c, CpuControl.IRQS_OFF);
                }
            } else if (nowNs >= deadline) {
                timeout(nowNs, Phase.CPU, arrivals, out, emitted);
            }
        } else if (state == State.IRQ_PHASE) {
            int others = offs - (irqsOff[master] ? 1 : 0);
            if (others == cpus - 1 && irqsOff[master]) {
                act(nowNs, out, emitted);
            } else if (others < cpus - 1 && nowNs >= deadline) {
                timeout(nowNs, Phase.IRQ, others, out, emitted);
            }
        }
    }

    private void consume(CpuEvent e, List<RendezvousEvent> emitted) {
        if (state == State.CPU_PHASE || state == State.IRQ_PHASE) {
            if (e instanceof CpuEvent.NmiSwallowed n) {
                emitted.add(new RendezvousEvent.NmiLost(n.time(), n.cpu(), true));
            } else if (e instanceof CpuEvent.InterruptLost l && l.kind() == InterruptKind.NMI) {
                emitted.add(new RendezvousEvent.NmiLost(l.time(), l.cpu(), false));
            }
        }
        switch (state) {
            case AWAIT_MASTER -> {
                if (e instanceof CpuEvent.Quiescence q && q.cpu() == requester) {
                    master = q.cpu();
                    deadline = q.time() + action.timeoutNs();
                    emitted.add(new RendezvousEvent.MasterElected(q.time(), master, deadline));
                    state = State.CPU_PHASE;
                    ipiPending = true;
                }
            }
            case CPU_PHASE -> {
                if (ipiSent && e instanceof CpuEvent.Quiescence q && q.cpu() != master && !arrived[q.cpu()]
                        && q.time() <= deadline) {
                    arrived[q.cpu()] = true;
                    arrivals++;
                    emitted.add(new RendezvousEvent.Arrived(q.time(), q.cpu()));
                }
            }
            case IRQ_PHASE -> {
                if (e instanceof CpuEvent.IrqsOff o && !irqsOff[o.cpu()]
                        && (o.time() <= deadline || o.cpu() == master)) {
                    irqsOff[o.cpu()] = true;
                    offs++;
                    emitted.add(new RendezvousEvent.IrqsOff(o.time(), o.cpu()));
                }
            }
            case IDLE -> { }
        }
    }

    private void act(long nowNs, QuantumHook.Controls out, List<RendezvousEvent> emitted) {
        QuiescedAction a = action;
        a.quiesced();
        emitted.add(new RendezvousEvent.ActionDone(nowNs, a.payload(), a.action().name()));
        release(nowNs, out, emitted);
        a.released();
    }

    private void timeout(long nowNs, Phase phase, int count, QuantumHook.Controls out, List<RendezvousEvent> emitted) {
        QuiescedAction a = action;
        emitted.add(new RendezvousEvent.TimedOut(nowNs, phase, count, cpus - 1));
        release(nowNs, out, emitted);
        a.abort("Timed out on semaphore in %s quiesce phase %d/%d".formatted(phase, count, cpus - 1));
    }

    private void release(long nowNs, QuantumHook.Controls out, List<RendezvousEvent> emitted) {
        for (int c = 0; c < cpus; c++) {
            out.add(c, CpuControl.RELEASE);
        }
        emitted.add(new RendezvousEvent.Released(nowNs));
        action = null;
        state = State.IDLE;
    }
}
