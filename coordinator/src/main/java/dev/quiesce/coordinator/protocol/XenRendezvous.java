package dev.quiesce.coordinator.protocol;

import dev.quiesce.cpu.CpuControl;
import dev.quiesce.cpu.CpuEvent;
import dev.quiesce.host.QuantumHook;
import dev.quiesce.splice.registry.QuiescedAction;
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
    private final XenWindow w;
    private final XenPhases phases;
    private final XenPatchRun run;
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
        this.w = new XenWindow(cpus);
        this.phases = new XenPhases(this, w, ctx);
        this.run = new XenPatchRun(this, w, ctx);
    }

    /** The name of this class's {@link ProtocolSpec} ({@value #NAME} for Xen's). */
    @Override
    public String name() {
        return Protocols.nameOf(getClass());
    }

    @Override
    public boolean busy() {
        return w.busy();
    }

    @Override
    public void start(QuiescedAction work, int requestingCpu, long nowNs) {
        start(work, requestingCpu, nowNs, NmiPolicy.DEFAULT);
    }

    @Override
    public void start(QuiescedAction work, int requestingCpu, long nowNs, NmiPolicy nmiPolicy) {
        w.begin(work, requestingCpu, nmiPolicy);
    }

    @Override
    public List<HostProbes.Range> probes() {
        return phases.nmis().probes();
    }

    @Override
    public long nextDeadlineNs() {
        return w.inPhase() ? w.deadline : Long.MAX_VALUE;
    }

    @Override
    public Optional<StagedPlan> inFlight() {
        return run.inFlight();
    }

    @Override
    public void onQuantum(long nowNs, List<CpuEvent> events, QuantumHook.Controls out, List<RendezvousEvent> emitted) {
        stepEvents = emitted;
        stepNs = nowNs;
        try {
            if (w.gatheredOrIdle()) {
                run.step(nowNs, events, out, emitted);
            } else {
                phases.step(nowNs, events, out, emitted);
            }
        } finally {
            stepEvents = null;
        }
        ctx.words().publish(nowNs, emitted);
    }

    // ---- the steps a variant may change (docs/protocol-api.md) ----

    /**
     * The hypercall's boundary, after {@link #start}: Xen's tasklet sends the requester to its idle loop, where it
     * stops at its quiescence point ({@link #hold} of {@link #requester()}).
     */
    protected void onHypercall(long nowNs, QuantumHook.Controls out) {
        hold(out, w.requester);
    }

    /**
     * Whether quiescence point {@code q} (any CPU's, in trace order, while no master is elected) elects its CPU
     * master: the requester's in Xen. The deadline starts at {@code q.time()}.
     */
    protected boolean electsMaster(CpuEvent.Quiescence q) {
        return q.cpu() == w.requester;
    }

    /** At the master's election: Xen's {@code arch_livepatch_mask()}, global, so the policy's mask on every CPU. */
    protected void maskNmis(QuantumHook.Controls out) {
        w.nmi.maskControl().ifPresent(m -> {
            for (int c = 0; c < cpus; c++) {
                out.add(c, m);
            }
        });
    }

    /** The master's IPIs ({@code smp_call_function(reschedule_fn)}): every CPU not held yet is held. */
    protected void sendIpis(long nowNs, QuantumHook.Controls out) {
        for (int c = 0; c < cpus; c++) {
            if (!w.held[c]) {
                hold(out, c);
            }
        }
    }

    /** Whether another CPU's quiescence point after the IPIs counts as its arrival: by the deadline, in Xen. */
    protected boolean countsArrival(CpuEvent.Quiescence q) {
        return q.time() <= w.deadline;
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
        return o.time() <= w.deadline || o.cpu() == w.master;
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
        if (w.nmi.maskControl().isPresent()) {
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
        w.held[cpu] = true;
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
        run.patch(nowNs, out, stepEvents);
    }

    /** The action is done: {@link #leave} with {@link Ending#DONE}, {@link RendezvousEvent.Released}, post hooks. */
    protected final void endAction(long nowNs, QuantumHook.Controls out) {
        QuiescedAction a = w.action;
        phases.end(nowNs, Ending.DONE, out, stepEvents);
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
        return w.requester;
    }

    /** The elected master, or -1 before the election. */
    protected final int master() {
        return w.master;
    }

    /** The one deadline of both phases (valid once a master is elected). */
    protected final long deadline() {
        return w.deadline;
    }

    /** The NMI policy of the action in progress. */
    protected final NmiPolicy nmiPolicy() {
        return w.nmi;
    }

    /** CPUs (besides the master) that arrived in the CPU phase so far. */
    protected final int arrivals() {
        return w.arrivals;
    }
}
