package dev.quiesce.coordinator.protocol;

import dev.quiesce.coordinator.protocol.RendezvousEvent.Phase;
import dev.quiesce.cpu.CpuControl;
import dev.quiesce.cpu.CpuEvent;
import dev.quiesce.host.QuantumHook;
import dev.quiesce.interrupt.InterruptKind;
import dev.quiesce.splice.registry.QuiescedAction;
import dev.quiesce.splice.registry.ActionSite;
import dev.quiesce.splice.Granularity;
import dev.quiesce.coordinator.plan.PlanDriver;
import dev.quiesce.coordinator.plan.StagedPlan;
import dev.quiesce.host.HostProbes;

import java.util.List;
import java.util.Optional;

/**
 * Xen's rendezvous, faithfully ({@code do_livepatch_work()} and {@code livepatch_spin()} in
 * xen/common/livepatch.c; docs/xen-livepatch.md §4.1–§4.5), as a state machine over a host's sorted events:
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
 * {@code arch_livepatch_mask()}, xen/arch/x86/livepatch.c; {@link NmiPolicy#SWALLOW} by default); every ending,
 * done or aborted, unmasks them ({@code arch_livepatch_unmask()} under the {@code abort:} label of
 * {@code do_livepatch_work()}) before the release. NMIs lost inside the window are reported as
 * {@link RendezvousEvent.NmiLost}.
 *
 * <p>Open to variants only at {@link #leave}: how the rendezvous ends on the CPUs (e.g. an abort path that forgets
 * the unmask, as Xen's did before commit c5ed88110cd1).
 */
@ProtocolSpec(name = XenRendezvous.NAME, description = "Xen Live Patch: master, CPU and IRQ phases, one deadline")
public class XenRendezvous implements RendezvousProtocol {

    /** The registered name. */
    public static final String NAME = "xen.rendezvous";

    private enum State { IDLE, AWAIT_MASTER, CPU_PHASE, IRQ_PHASE, PATCHING }

    /** How a rendezvous ended, as {@link #leave} is told. */
    public enum Ending {
        /** The action ran (or its stores were replayed) and every CPU serialised. */
        DONE,
        /** The CPU phase timed out: {@code livepatch_spin()} failed and the master jumps to {@code abort:}. */
        CPU_PHASE_TIMEOUT,
        /** The IRQ phase timed out: the master skips the action and falls through to {@code abort:}. */
        IRQ_PHASE_TIMEOUT,
        /** An NMI entered a function the action changes inside the window ({@link NmiPolicy#ABORT}). */
        NMI_ABORT
    }

    private final ProtocolContext ctx;
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
    private boolean masked;
    private int arrivals;
    private int offs;
    private NmiPolicy nmi = NmiPolicy.DEFAULT;
    private List<HostProbes.Range> leaving = List.of();
    private List<String> leavingNames = List.of();
    private String abortReason;
    private PlanDriver driver;

    /** A rendezvous for a host of {@code cpus} CPUs without a machine (the action's stores land at once). */
    public XenRendezvous(int cpus) {
        this(ProtocolContext.detached(cpus));
    }

    /** A rendezvous on the host of {@code ctx}. */
    public XenRendezvous(ProtocolContext ctx) {
        this.ctx = ctx;
        this.cpus = ctx.cpus();
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
        leaving = new java.util.ArrayList<>();
        leavingNames = new java.util.ArrayList<>();
        for (ActionSite s : work.changing()) {
            if (s.leavingSize() > 0) {
                leaving.add(new HostProbes.Range(s.leavingStart(), s.leavingStart() + s.leavingSize()));
                leavingNames.add(s.site().function());
            }
        }
        requester = requestingCpu;
        master = -1;
        ipiPending = false;
        ipiSent = false;
        masked = false;
        arrivals = 0;
        offs = 0;
        java.util.Arrays.fill(arrived, false);
        java.util.Arrays.fill(irqsOff, false);
        state = State.AWAIT_MASTER;
        pendingHold = true;
    }

    @Override
    public List<HostProbes.Range> probes() {
        if (nmi != NmiPolicy.ABORT || (state != State.CPU_PHASE && state != State.IRQ_PHASE)) {
            return List.of();
        }
        return leaving;
    }

    @Override
    public long nextDeadlineNs() {
        return state == State.CPU_PHASE || state == State.IRQ_PHASE ? deadline : Long.MAX_VALUE;
    }

    @Override
    public Optional<StagedPlan> inFlight() {
        return state == State.PATCHING ? Optional.of(driver.plan()) : Optional.empty();
    }

    @Override
    public void onQuantum(long nowNs, List<CpuEvent> events, QuantumHook.Controls out, List<RendezvousEvent> emitted) {
        if (state == State.PATCHING) {
            if (driver.onQuantum(nowNs, events, out, emitted)) {
                QuiescedAction a = action;
                finish(Ending.DONE, nowNs, out, emitted);
                a.released();
            }
            return;
        }
        for (CpuEvent e : events) {
            consume(e, emitted);
            if (abortReason != null) {
                QuiescedAction a = action;
                emitted.add(new RendezvousEvent.Aborted(nowNs, -16, abortReason));
                finish(Ending.NMI_ABORT, nowNs, out, emitted);
                a.abort(abortReason);
                abortReason = null;
                return;
            }
        }
        if (pendingHold) { // the hypercall's tasklet: the requester goes to its idle loop and stops there
            pendingHold = false;
            out.add(requester, CpuControl.HOLD_AT_QUIESCENCE);
        }
        if (state == State.CPU_PHASE && ipiPending) {
            ipiPending = false;
            ipiSent = true;
            nmi.maskControl().ifPresent(m -> { // arch_livepatch_mask(): global, so every CPU
                masked = true;
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
                fineQuantum(out);
            } else if (nowNs >= deadline) {
                timeout(nowNs, Phase.CPU, arrivals, out, emitted);
            }
        } else if (state == State.IRQ_PHASE) {
            int others = offs - (irqsOff[master] ? 1 : 0);
            if (others == cpus - 1 && irqsOff[master]) {
                act(nowNs, out, emitted);
            } else if (others < cpus - 1 && nowNs >= deadline) {
                timeout(nowNs, Phase.IRQ, others, out, emitted);
            } else {
                fineQuantum(out);
            }
        }
    }

    private void consume(CpuEvent e, List<RendezvousEvent> emitted) {
        if (nmi == NmiPolicy.ABORT && (state == State.CPU_PHASE || state == State.IRQ_PHASE)
                && e instanceof CpuEvent.Probe p && p.nmi()) {
            for (int i = 0; i < leaving.size(); i++) {
                HostProbes.Range r = leaving.get(i);
                if (p.pc() >= r.begin() && p.pc() < r.end()) {
                    String f = leavingNames.get(i);
                    emitted.add(new RendezvousEvent.NmiInPatchedFunction(p.time(), p.cpu(), f));
                    abortReason = "NMI on CPU %d entered %s, which the action changes, inside the window"
                            .formatted(p.cpu(), f);
                    return;
                }
            }
        }
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
            case IDLE, PATCHING -> { }
        }
    }

    /** In the IRQ phase, quanta as fine as the policy asks (each CPU's local_irq_save timed below a quantum). */
    private void fineQuantum(QuantumHook.Controls out) {
        if (ctx.policy().irqPhaseQuantumNs() > 0) {
            out.shrinkNextQuantum(ctx.policy().irqPhaseQuantumNs());
        }
    }

    private void act(long nowNs, QuantumHook.Controls out, List<RendezvousEvent> emitted) {
        QuiescedAction a = action;
        StagedPlan plan = ctx.stager().capture(a, ctx.policy().granularityOr(Granularity.WHOLE_SITE));
        emitted.add(new RendezvousEvent.ActionDone(nowNs, a.payload(), a.action().name()));
        driver = new PlanDriver(plan, cpus, ctx.policy().storeSpacingNs(), false);
        if (driver.onQuantum(nowNs, List.of(), out, emitted)) {
            finish(Ending.DONE, nowNs, out, emitted);
            a.released();
        } else {
            state = State.PATCHING;
        }
    }

    private void timeout(long nowNs, Phase phase, int count, QuantumHook.Controls out, List<RendezvousEvent> emitted) {
        QuiescedAction a = action;
        emitted.add(new RendezvousEvent.TimedOut(nowNs, phase, count, cpus - 1));
        finish(phase == Phase.CPU ? Ending.CPU_PHASE_TIMEOUT : Ending.IRQ_PHASE_TIMEOUT, nowNs, out, emitted);
        a.abort("Timed out on semaphore in %s quiesce phase %d/%d".formatted(phase, count, cpus - 1));
    }

    private void finish(Ending how, long nowNs, QuantumHook.Controls out, List<RendezvousEvent> emitted) {
        leave(how, out);
        emitted.add(new RendezvousEvent.Released(nowNs));
        action = null;
        state = State.IDLE;
    }

    /**
     * Ends the rendezvous on the CPUs, as Xen's {@code abort:} label in {@code do_livepatch_work()}
     * (xen/common/livepatch.c) does for every ending: {@code arch_livepatch_unmask()} if NMIs were masked, then every
     * CPU leaves its spin. A variant overrides it to model a broken ending from these two steps.
     */
    protected void leave(Ending how, QuantumHook.Controls out) {
        unmaskNmis(out);
        for (int c = 0; c < cpus; c++) {
            release(c, out);
        }
    }

    /** {@code arch_livepatch_unmask()}: lifts the NMI mask on every CPU, if this rendezvous masked them. */
    protected final void unmaskNmis(QuantumHook.Controls out) {
        if (masked) {
            for (int c = 0; c < cpus; c++) {
                out.add(c, CpuControl.UNMASK_NMIS);
            }
        }
    }

    /** Releases CPU {@code cpu} from its spin (its IF as it was). */
    protected final void release(int cpu, QuantumHook.Controls out) {
        out.add(cpu, CpuControl.RELEASE);
    }

    /** The host's CPU count. */
    protected final int cpuCount() {
        return cpus;
    }
}
