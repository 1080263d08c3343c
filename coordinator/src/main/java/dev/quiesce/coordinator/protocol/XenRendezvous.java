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
 * {@code arch_livepatch_mask()}, xen/arch/x86/livepatch.c; {@link NmiPolicy#SWALLOW} by default); the release
 * unmasks them ({@code arch_livepatch_unmask()}). NMIs lost inside the window are reported as
 * {@link RendezvousEvent.NmiLost}.
 *
 * <p>A base for variants (docs/protocol-api.md): the steps a variant of Xen's rendezvous changes are protected
 * methods — {@link #onHypercall}, {@link #electsMaster}, {@link #maskNmis}, {@link #sendIpis},
 * {@link #countsArrival}, {@link #waitsFor}, {@link #startIrqPhase}, {@link #countsIrqsOff}, {@link #gathered},
 * {@link #patched}, {@link #onEvent}, {@link #onRunStart}, {@link #onRunBoundary}, {@link #leave} and
 * {@link #unmaskNmis} — each defaulting to what Xen does; a variant that races on guest-visible rendezvous state
 * uses {@link #words()} ({@link SharedWords}) and may keep CPUs spinning after the action's end ({@link #lingering()}).
 * A subclass carries its own {@link ProtocolSpec} and a public {@code (ProtocolContext)} constructor.
 */
@ProtocolSpec(name = XenRendezvous.NAME, description = "Xen Live Patch: master, CPU and IRQ phases, one deadline")
public class XenRendezvous implements RendezvousProtocol {

    /** The registered name. */
    public static final String NAME = "xen.rendezvous";

    private enum State { IDLE, AWAIT_MASTER, CPU_PHASE, IRQ_PHASE, RUN, PATCHING }

    /** How an action's window ends, for {@link #leave}. */
    public enum Ending {
        /** The action ran and its stores landed. */
        DONE,
        /** The CPU phase reached the deadline (Xen: {@code goto abort} out of the first spin). */
        CPU_PHASE_TIMED_OUT,
        /** The IRQ phase reached the deadline. */
        IRQ_PHASE_TIMED_OUT,
        /** Aborted inside the window for another reason (an NMI in a function the action changes). */
        ABORTED
    }

    private final ProtocolContext ctx;
    private final int cpus;
    private final boolean[] arrived;
    private final boolean[] irqsOff;
    private final boolean[] held;
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
    private List<HostProbes.Range> leaving = List.of();
    private List<String> leavingNames = List.of();
    private String abortReason;
    private PlanDriver driver;
    private long patchStartedNs;
    private List<RendezvousEvent> stepEvents;
    private long stepNs;

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
        this.held = new boolean[cpus];
    }

    /** The name of this class's {@link ProtocolSpec} ({@value #NAME} for Xen's). */
    @Override
    public String name() {
        return Protocols.nameOf(getClass());
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
        arrivals = 0;
        offs = 0;
        java.util.Arrays.fill(arrived, false);
        java.util.Arrays.fill(irqsOff, false);
        java.util.Arrays.fill(held, false);
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
        stepEvents = emitted;
        stepNs = nowNs;
        try {
            step(nowNs, events, out, emitted);
        } finally {
            stepEvents = null;
        }
        ctx.words().publish(nowNs, emitted);
    }

    private void step(long nowNs, List<CpuEvent> events, QuantumHook.Controls out, List<RendezvousEvent> emitted) {
        if (state == State.RUN || state == State.PATCHING || state == State.IDLE) { // IDLE: lingering after the end
            onRunStart(nowNs, out);
            for (CpuEvent e : events) {
                onEvent(e, out);
            }
            if (state == State.PATCHING && nowNs > patchStartedNs && driver.onQuantum(nowNs, events, out, emitted)) {
                state = State.RUN;
                patched(nowNs, out);
            }
            onRunBoundary(nowNs, out);
            return;
        }
        for (CpuEvent e : events) {
            onEvent(e, out);
            consume(e, emitted);
            if (abortReason != null) {
                QuiescedAction a = action;
                emitted.add(new RendezvousEvent.Aborted(nowNs, -16, abortReason));
                release(nowNs, Ending.ABORTED, out, emitted);
                a.abort(abortReason);
                abortReason = null;
                return;
            }
        }
        if (pendingHold) {
            pendingHold = false;
            onHypercall(nowNs, out);
        }
        if (state == State.CPU_PHASE && ipiPending) {
            ipiPending = false;
            ipiSent = true;
            maskNmis(out);
            sendIpis(nowNs, out);
            emitted.add(new RendezvousEvent.IpiSent(nowNs, cpus - 1));
            emitted.add(new RendezvousEvent.PhaseStarted(nowNs, Phase.CPU));
        }
        if (state == State.CPU_PHASE && !ipiPending) {
            if (allArrived()) {
                state = State.IRQ_PHASE;
                emitted.add(new RendezvousEvent.PhaseStarted(nowNs, Phase.IRQ));
                startIrqPhase(nowNs, out);
                fineQuantum(out);
            } else if (nowNs >= deadline) {
                timeout(nowNs, Phase.CPU, arrivals, out, emitted);
            }
        } else if (state == State.IRQ_PHASE) {
            int others = offs - (irqsOff[master] ? 1 : 0);
            boolean othersOff = allIrqsOff();
            if (othersOff && irqsOff[master]) {
                state = State.RUN;
                gathered(nowNs, out);
            } else if (!othersOff && nowNs >= deadline) {
                timeout(nowNs, Phase.IRQ, others, out, emitted);
            } else {
                fineQuantum(out);
            }
        }
        awaitSteps(out);
    }

    /**
     * Ends the next quantum at the instant the CPUs the rendezvous waits for take their step, so the master acts then
     * and not at the next fixed boundary (docs/architecture.md §3 rule 7): the requester's quiescence point (it becomes
     * master), the others' arrivals in the CPU phase, and every CPU's IRQs-off in the IRQ phase.
     */
    private void awaitSteps(QuantumHook.Controls out) {
        switch (state) {
            case AWAIT_MASTER -> {
                if (held[requester]) {
                    out.endNextQuantumOnStep(requester);
                }
            }
            case CPU_PHASE -> {
                for (int c = 0; c < cpus; c++) {
                    if (ipiSent && c != master && held[c] && !arrived[c]) {
                        out.endNextQuantumOnStep(c);
                    }
                }
            }
            case IRQ_PHASE -> {
                for (int c = 0; c < cpus; c++) {
                    if (!irqsOff[c]) {
                        out.endNextQuantumOnStep(c);
                    }
                }
            }
            case IDLE, PATCHING -> { }
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
                if (e instanceof CpuEvent.Quiescence q && electsMaster(q)) {
                    master = q.cpu();
                    deadline = q.time() + action.timeoutNs();
                    emitted.add(new RendezvousEvent.MasterElected(q.time(), master, deadline));
                    state = State.CPU_PHASE;
                    ipiPending = true;
                }
            }
            case CPU_PHASE -> {
                if (ipiSent && e instanceof CpuEvent.Quiescence q && q.cpu() != master && !arrived[q.cpu()]
                        && countsArrival(q)) {
                    arrived[q.cpu()] = true;
                    arrivals++;
                    emitted.add(new RendezvousEvent.Arrived(q.time(), q.cpu()));
                }
            }
            case IRQ_PHASE -> {
                if (e instanceof CpuEvent.IrqsOff o && !irqsOff[o.cpu()] && countsIrqsOff(o)) {
                    irqsOff[o.cpu()] = true;
                    offs++;
                    emitted.add(new RendezvousEvent.IrqsOff(o.time(), o.cpu()));
                }
            }
            case IDLE, PATCHING -> { }
        }
    }

    /** Whether every other CPU the master waits for ({@link #waitsFor}) has arrived. */
    private boolean allArrived() {
        for (int c = 0; c < cpus; c++) {
            if (c != master && !arrived[c] && waitsFor(c)) {
                return false;
            }
        }
        return true;
    }

    /** Whether every other CPU the master waits for ({@link #waitsFor}) has turned its IRQs off. */
    private boolean allIrqsOff() {
        for (int c = 0; c < cpus; c++) {
            if (c != master && !irqsOff[c] && waitsFor(c)) {
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
        QuiescedAction a = action;
        emitted.add(new RendezvousEvent.TimedOut(nowNs, phase, count, cpus - 1));
        release(nowNs, phase == Phase.CPU ? Ending.CPU_PHASE_TIMED_OUT : Ending.IRQ_PHASE_TIMED_OUT, out, emitted);
        a.abort("Timed out on semaphore in %s quiesce phase %d/%d".formatted(phase, count, cpus - 1));
    }

    private void release(long nowNs, Ending ending, QuantumHook.Controls out, List<RendezvousEvent> emitted) {
        leave(nowNs, ending, out);
        emitted.add(new RendezvousEvent.Released(nowNs));
        action = null;
        state = State.IDLE;
    }

    // ---- the steps a variant may change (docs/protocol-api.md) ----

    /**
     * The hypercall's boundary, after {@link #start}: Xen's tasklet sends the requester to its idle loop, where it
     * stops at its quiescence point ({@link #hold} of {@link #requester()}).
     */
    protected void onHypercall(long nowNs, QuantumHook.Controls out) {
        hold(out, requester);
    }

    /**
     * Whether quiescence point {@code q} (any CPU's, in trace order, while no master is elected) elects its CPU
     * master: the requester's in Xen. The deadline starts at {@code q.time()}.
     */
    protected boolean electsMaster(CpuEvent.Quiescence q) {
        return q.cpu() == requester;
    }

    /** At the master's election: Xen's {@code arch_livepatch_mask()}, global, so the policy's mask on every CPU. */
    protected void maskNmis(QuantumHook.Controls out) {
        nmi.maskControl().ifPresent(m -> {
            for (int c = 0; c < cpus; c++) {
                out.add(c, m);
            }
        });
    }

    /** The master's IPIs ({@code smp_call_function(reschedule_fn)}): every CPU not held yet is held. */
    protected void sendIpis(long nowNs, QuantumHook.Controls out) {
        for (int c = 0; c < cpus; c++) {
            if (!held[c]) {
                hold(out, c);
            }
        }
    }

    /** Whether another CPU's quiescence point after the IPIs counts as its arrival: by the deadline, in Xen. */
    protected boolean countsArrival(CpuEvent.Quiescence q) {
        return q.time() <= deadline;
    }

    /**
     * Whether the master waits for CPU {@code cpu} (never the master itself) to arrive in the CPU phase and to turn
     * its IRQs off in the IRQ phase before it acts: every CPU in Xen. A variant that acts without some CPUs — the
     * first CPU to arrive patching at once, as Linux's arm64/riscv/csky/xtensa {@code patch_text} callbacks did
     * before commit 31a099dbd91e — returns false for them; those CPUs are still held and released as usual, and their
     * arrivals are still reported, but nobody waits for them. Asked at every boundary of both phases, after the
     * master's election ({@link #master()} is valid).
     */
    protected boolean waitsFor(int cpu) {
        return true;
    }

    /** Every other CPU arrived: the master sets {@code ready} and every held CPU disables IRQs. */
    protected void startIrqPhase(long nowNs, QuantumHook.Controls out) {
        for (int c = 0; c < cpus; c++) {
            out.add(c, CpuControl.IRQS_OFF);
        }
    }

    /** Whether a CPU's IRQs-off counts in the IRQ phase: by the deadline, or the master's (it waits for nobody). */
    protected boolean countsIrqsOff(CpuEvent.IrqsOff o) {
        return o.time() <= deadline || o.cpu() == master;
    }

    /**
     * The window ends ({@code ending} says how): Xen's {@code arch_livepatch_unmask()} ({@link #unmaskNmis}), then
     * every CPU leaves ({@link #releaseAll}). Xen before commit c5ed88110cd1 skipped the unmask on
     * {@link Ending#CPU_PHASE_TIMED_OUT} (its {@code goto abort} jumped past it).
     */
    protected void leave(long nowNs, Ending ending, QuantumHook.Controls out) {
        unmaskNmis(out);
        releaseAll(out);
    }

    /** Xen's {@code arch_livepatch_unmask()}: {@link CpuControl#UNMASK_NMIS} on every CPU if the policy masked. */
    protected void unmaskNmis(QuantumHook.Controls out) {
        if (nmi.maskControl().isPresent()) {
            for (int c = 0; c < cpus; c++) {
                out.add(c, CpuControl.UNMASK_NMIS);
            }
        }
    }

    /** {@link #releaseCommand} on every CPU. */
    protected final void releaseAll(QuantumHook.Controls out) {
        for (int c = 0; c < cpus; c++) {
            release(out, c);
        }
    }

    /** {@link #releaseCommand} on CPU {@code cpu} alone (a variant that forgets one CPU calls it for the rest). */
    protected final void release(QuantumHook.Controls out, int cpu) {
        out.add(cpu, releaseCommand(cpu));
    }

    /**
     * How CPU {@code cpu} leaves: {@link CpuControl#RELEASE}, which serialises it — what Xen's comments promise
     * ("Serialize and flush out the CPU via CPUID instruction (on x86)", xen/common/livepatch.c). A variant whose
     * way out only changes control flow (Xen's x86 {@code arch_livepatch_post_action()} after commit b01c2fb5834a)
     * returns {@link CpuControl#RELEASE_WITHOUT_SERIALISING}.
     */
    protected CpuControl releaseCommand(int cpu) {
        return CpuControl.RELEASE;
    }

    /** Holds {@code cpu} at its next quiescence point ({@link CpuControl#HOLD_AT_QUIESCENCE}), once per action. */
    protected final void hold(QuantumHook.Controls out, int cpu) {
        held[cpu] = true;
        out.add(cpu, CpuControl.HOLD_AT_QUIESCENCE);
    }

    /**
     * Every CPU arrived and turned its IRQs off (Xen's master finds the IRQ phase complete; Linux's stop_machine
     * enters {@code MULTI_STOP_RUN}): Xen's master runs the action at once ({@link #patch}). A variant in which each
     * CPU runs a callback of its own from here on (Linux's {@code aarch64_insn_patch_text_cb}) starts it here and
     * follows the CPUs with {@link #onEvent} and {@link #onRunBoundary}.
     */
    protected void gathered(long nowNs, QuantumHook.Controls out) {
        patch(nowNs, out);
    }

    /** The action's stores all landed ({@link #patch}): Xen ends the window ({@link #endAction}). */
    protected void patched(long nowNs, QuantumHook.Controls out) {
        endAction(nowNs, out);
    }

    /**
     * Each CPU event of the action, in trace order, before Xen's own handling of it — and while
     * {@link #lingering()} after the end (a variant follows interrupt entries and exits here): nothing in Xen.
     */
    protected void onEvent(CpuEvent e, QuantumHook.Controls out) {
    }

    /**
     * Each step after {@link #gathered}'s, before the quantum's events (what a CPU spinning through the quantum
     * reads first is what was published at the quantum's start, the previous boundary): nothing in Xen.
     */
    protected void onRunStart(long nowNs, QuantumHook.Controls out) {
    }

    /** Each boundary from {@link #gathered} on, after the quantum's events: nothing in Xen. */
    protected void onRunBoundary(long nowNs, QuantumHook.Controls out) {
    }

    /**
     * Runs the action now: its stores are captured ({@link RendezvousEvent.ActionDone}) and replayed by the patch
     * policy; once all landed, {@link #patched}. Once per action, after {@link #gathered}.
     */
    protected final void patch(long nowNs, QuantumHook.Controls out) {
        QuiescedAction a = action;
        StagedPlan plan = ctx.stager().capture(a, ctx.policy().granularityOr(Granularity.WHOLE_SITE));
        stepEvents.add(new RendezvousEvent.ActionDone(nowNs, a.payload(), a.action().name()));
        driver = new PlanDriver(plan, cpus, ctx.policy().storeSpacingNs(), false);
        patchStartedNs = nowNs;
        if (driver.onQuantum(nowNs, List.of(), out, stepEvents)) {
            patched(nowNs, out);
        } else {
            state = State.PATCHING;
        }
    }

    /** The action is done: {@link #leave} with {@link Ending#DONE}, {@link RendezvousEvent.Released}, post hooks. */
    protected final void endAction(long nowNs, QuantumHook.Controls out) {
        QuiescedAction a = action;
        release(nowNs, Ending.DONE, out, stepEvents);
        a.released();
    }

    /** The rendezvous words of this host ({@link ProtocolContext#words()}). */
    protected final SharedWords words() {
        return ctx.words();
    }

    /** The list the current step appends its {@link RendezvousEvent}s to (for {@link SharedWords}' writes). */
    protected final List<RendezvousEvent> stepEvents() {
        if (stepEvents == null) {
            throw new IllegalStateException("not inside onQuantum");
        }
        return stepEvents;
    }

    /** The boundary of the current step ({@link #onQuantum}'s {@code nowNs}). */
    protected final long stepNs() {
        return stepNs;
    }

    /** The host of this protocol. */
    protected final ProtocolContext context() {
        return ctx;
    }

    /** The host's CPU count. */
    protected final int cpus() {
        return cpus;
    }

    /** The CPU that made the hypercall of the action in progress. */
    protected final int requester() {
        return requester;
    }

    /** The elected master, or -1 before the election. */
    protected final int master() {
        return master;
    }

    /** The one deadline of both phases (valid once a master is elected). */
    protected final long deadline() {
        return deadline;
    }

    /** The NMI policy of the action in progress. */
    protected final NmiPolicy nmiPolicy() {
        return nmi;
    }

    /** CPUs (besides the master) that arrived in the CPU phase so far. */
    protected final int arrivals() {
        return arrivals;
    }
}
