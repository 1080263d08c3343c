package dev.quiesce.cpu;

import dev.quiesce.emulator.unicorn.FaultKind;
import dev.quiesce.guest.GuestProgram;
import dev.quiesce.host.CpuSettings;
import dev.quiesce.host.HostMachine;
import dev.quiesce.interrupt.InterruptSchedule;
import dev.quiesce.emulator.unicorn.RunResult;
import dev.quiesce.emulator.unicorn.UnicornEngine;
import dev.quiesce.emulator.unicorn.UnicornEngines;

import java.util.List;

/**
 * One emulated CPU: a Unicorn engine running the host's guest image from its program's entry
 * ({@link GuestProgram#entry()}, {@code cpu_main(id)} for the built-in guest), with
 * its own virtual clock, quiescence-point watch and interrupt injection (docs/architecture.md §3 and §6).
 *
 * <p>Virtual time advances only by retired instructions ({@code picos-per-instruction} each).
 * Interrupts are injected at instruction boundaries at their seeded arrival times: the full context
 * (16 GPRs, RIP, RFLAGS: the built-in guest has no SSE/x87 state; a program with {@code saveSse} also has XMM0–15 and
 * MXCSR saved, {@link SseSave}) is saved, RSP moves to the interrupt stack,
 * a magic return address is pushed and RIP jumps to the handler; the run stops before executing the
 * magic address and the context is restored. IRQs wait while the
 * guest has RFLAGS.IF clear; NMIs do not, but are blocked while an NMI handler runs. Machine checks (#MC) come
 * first (Intel SDM vol. 3A, "Priority Among Concurrent Events": machine checks rank above NMIs and interrupts), are
 * delivered whatever RFLAGS.IF, NMI blocking or an NMI mask say, and a second one while one is in service (the
 * hardware's MCG_STATUS.MCIP) is counted as lost where hardware would shut down (docs/machine-checks.md). A text_poke
 * int3 is emulated in Java, or with {@code text-poke.int3-handler = guest} delivered as #BP into the guest's
 * {@code poke_int3_handler} (docs/guest-handlers.md). Parked in a rendezvous, it spins ({@link SpinLoop}): it turns
 * IRQs off and resumes after a release at its loop's next read, and a host awaiting its next step runs it with
 * {@link #runTo} until then (docs/architecture.md §3 rule 7). A plain class: {@code CpuActor} is only its mailbox.
 */
public final class Cpu implements AutoCloseable {

    private final int id;
    private final HostMachine host;
    private final CpuArch arch;
    private final UnicornEngine engine;
    private final InterruptSchedule schedule;
    private final long ps;
    private final long irqPoll;
    private final long quiescencePc;
    private final RunHits hits;
    private final long interruptReturn;
    private final InterruptFrames frames;
    private final InterruptDelivery delivery;
    private final Int3Traps traps;
    private final CpuEventLog log;
    private long nowPs;
    private long retired;
    private long rip;
    private boolean halted;
    private final CpuCommandLatch latch = new CpuCommandLatch();
    private boolean savedIf = true; // whether IRQs were enabled when the rendezvous turned them off
    private long releases;
    private boolean syncPending;
    private int trap = -1;
    private final SpinLoop spin;
    private long askedPs; // when the pending IRQs-off was asked: the spin loop notices it at its next read
    private long resumePs; // after a release: the CPU leaves its spin loop at its next read
    private boolean stepped;
    private final ProbeHooks probes;
    private final StackWalker unwinder;
    private final CodeFetch fetch;
    private final CodeFetch.Sink fetchSink = new CodeFetch.Sink() {
        @Override
        public void refreshed(CpuEvent.Serialising cause, long page) {
            emit(new CpuEvent.CodeRefreshed(nowNs(), id, log.next(), cause, page));
        }

        @Override
        public void torn(long address, int length) {
            emit(new CpuEvent.CodeTorn(nowNs(), id, log.next(), address, length));
        }
    };

    /** Creates CPU {@code id} of {@code host}, ready to run its program's entry ({@code cpu_main(id)} built in). */
    public Cpu(int id, HostMachine host, InterruptSchedule schedule) {
        this.id = id;
        this.host = host;
        this.arch = CpuArch.of(host.arch());
        this.schedule = schedule;
        CpuSettings s = host.settings().cpu();
        this.ps = s.picosPerInstruction();
        this.irqPoll = s.irqPollInstructions();
        this.spin = new SpinLoop(s.spinPollNs() * 1000);
        this.log = new CpuEventLog(id);
        this.interruptReturn = host.interruptReturn();
        this.engine = UnicornEngines.open(host.arch());
        this.frames = new InterruptFrames(engine, arch, host, id, s.maxInterruptNesting());
        this.probes = new ProbeHooks(engine, host.probes(), frames::inNmi, frames::inIrq, frames::inMce);
        this.unwinder = new StackWalker(host.memory(), host.image().symbols(), host.image().base(),
                host.image().end() + host.settings().payloadArea(), host.arch());
        try {
            this.fetch = CodeFetch.map(engine, host.memory(), id, host.isbAddresses());
            GuestProgram program = host.settings().guest();
            this.delivery = new InterruptDelivery(schedule, frames, latch, engine, arch, log, fetch, fetchSink,
                    host.address(program.irqEntryFor(host.settings().workload().irqCalls())),
                    host.address(program.nmiEntry()), host.address(program.mceEntry()));
            this.traps = new Int3Traps(host, engine, arch, frames, log, fetch, fetchSink);
            this.quiescencePc = host.address(program.quiescence());
            this.hits = new RunHits(engine, probes, log, quiescencePc, ps);
            engine.stopAt(interruptReturn);
            arch.boot(engine, host.memory(), host.stackTop(id), host.cpuExit(), id, host.percpuField(id, 0));
            if (program.saveSse()) {
                SseSave.boot(engine);
            }
            engine.hooks().interrupt(n -> { // int3 and other exceptions end the run; runUntil decides
                trap = n;
                engine.stop();
            });
            this.rip = host.address(program.entry());
            engine.writeReg(arch.pc(), rip);
        } catch (RuntimeException e) {
            engine.close();
            throw e;
        }
    }

    /** This CPU's id. */
    public int id() {
        return id;
    }

    /** Local virtual time in nanoseconds. */
    public long nowNs() {
        return nowPs / 1000;
    }

    /** Local virtual time in picoseconds. */
    public long nowPs() {
        return nowPs;
    }

    /** Instructions retired since boot. */
    public long retired() {
        return retired;
    }

    /** Whether the CPU stopped on a fault. */
    public boolean halted() {
        return halted;
    }

    /** The engine (for the splice engine's invalidation and for tests). */
    public UnicornEngine engine() {
        return engine;
    }

    /** Whether the CPU is held at its quiescence point ({@link CpuControl#HOLD_AT_QUIESCENCE}). */
    public boolean parked() {
        return latch.parked();
    }

    /**
     * Before a host snapshot's restore: what is not part of the snapshot (the engine's probe hooks), to be given to
     * {@link #afterRestore(Object)}.
     */
    public Object beforeRestore() {
        return probes.hold();
    }

    /** After a host snapshot's restore: the engine's probe hooks are {@code held}'s, whatever the restored state says. */
    public void afterRestore(Object held) {
        probes.resume(held);
    }

    /** This CPU's interrupt schedule (a forked run gives it a candidate's injections: {@link InterruptSchedule#adopt}). */
    public InterruptSchedule schedule() {
        return schedule;
    }

    /** Applies a coordinator's command; call between runs (at a quantum boundary). */
    public void control(CpuControl c) {
        switch (c) {
            case HOLD_AT_QUIESCENCE -> engine.stopAtWatch(true);
            case SYNC_IPI -> syncPending = true;
            case IRQS_OFF -> askedPs = nowPs;
            case RELEASE -> {
                if (latch.parked() && frames.depth() == 0) { // it sees do_work = 0 at its spin loop's next read
                    resumePs = spin.nextRead(nowPs);
                }
                leaveRendezvous();
                releases++;
                fetch.released(); // Xen's arch_livepatch_post_action(), stop_machine's exit: serialising
            }
            case RELEASE_WITHOUT_SERIALISING -> { // a release whose way out only changes control flow
                if (latch.parked() && frames.depth() == 0) {
                    resumePs = spin.nextRead(nowPs);
                }
                leaveRendezvous();
                releases++;
            }
            default -> { }
        }
        latch.apply(c);
    }

    /** Before the latch is released: IF back as it was, the quiescence watch no longer stops the run. */
    private void leaveRendezvous() {
        if (latch.irqsOff() && savedIf) { // IRQs that were masked before stay masked
            if (frames.depth() == 0) {
                engine.writeReg(arch.flags(), arch.withIrqs(engine.readReg(arch.flags()), true));
            } else {
                frames.enableOuterIrqs();
            }
        }
        if (latch.holding()) {
            engine.stopAtWatch(false);
        }
    }

    /**
     * Runs until local time reaches {@code endNs} (or the CPU faults), appending its events to
     * {@code out} in the order they happened.
     */
    public void runUntil(long endNs, List<CpuEvent> out) {
        begin();
        runTo(endNs, out, false);
    }

    /**
     * Starts a quantum after its boundary's commands: the probes of the quantum, the CPU's snapshot (the state the
     * commands left), code views brought up to date. Then {@link #runTo} once or more.
     */
    public void begin() {
        probes.sync();
        host.cpuSnapshots().publish(snapshot());
        stepped = false;
    }

    /**
     * Runs until local time reaches {@code endNs} (or the CPU faults) — or, with {@code untilStep}, until it takes
     * its next rendezvous step (parks at its quiescence point, stops, turns IRQs off as asked): a host that awaits
     * that step ends its quantum there (docs/architecture.md §3 rule 7). Appends its events to {@code out} in the
     * order they happened; returns whether it took a step in this quantum.
     */
    public boolean runTo(long endNs, List<CpuEvent> out, boolean untilStep) {
        log.open(out);
        fetch.beforeRun(fetchSink);
        if (syncPending) {
            syncPending = false;
            delivery.raiseSync(nowPs);
        }
        long endPs = endNs * 1000;
        while (!halted && nowPs < endPs && !(untilStep && stepped)) {
            delivery.admit(nowPs);
            if (nowPs < resumePs) { // the last reads of the spin loop after a release: nothing runs yet
                nowPs = Math.min(endPs, resumePs);
                continue;
            }
            if (latch.stopAsked() && frames.depth() == 0 && arch.irqsEnabled(engine.readReg(arch.flags()))) {
                stopHere();
            }
            if (latch.holding() && !latch.parked() && frames.depth() == 0 && rip == quiescencePc) {
                park();
            }
            if (latch.irqsOffDue(frames.depth() == 0) && nowPs >= spin.nextRead(askedPs)) {
                disableIrqs();
                continue;
            }
            long next = delivery.inject(rip, nowPs);
            if (next != InterruptDelivery.NOTHING) {
                rip = next;
                continue;
            }
            if (latch.parked() && frames.depth() == 0) { // spinning: time passes, nothing is fetched
                long until = Math.min(endPs, schedule.peekTimePs());
                if (latch.irqsOffAsked()) {
                    until = Math.min(until, Math.max(nowPs + 1, spin.nextRead(askedPs)));
                }
                nowPs = until;
                continue;
            }
            long stopPs = Math.min(endPs, schedule.peekTimePs());
            long budget = Math.max(1, ceilDiv(stopPs - nowPs, ps));
            if (delivery.irqsPending() || latch.stopAsked()) {
                budget = Math.min(budget, irqPoll);
            }
            long runStartPs = nowPs;
            RunResult r = engine.run(rip, budget);
            hits.report(runStartPs);
            nowPs += r.retired() * ps;
            retired += r.retired();
            rip = engine.readReg(arch.pc());
            fetch.afterRun(fetchSink);
            if (rip == interruptReturn && frames.depth() > 0) {
                returnFromInterrupt();
            } else if (latch.holding() && frames.depth() == 0 && rip == quiescencePc) {
                park();
            } else if (trap >= 0) {
                trapped();
            } else if (!r.ok()) {
                fault(r);
            }
        }
        log.close();
        return stepped;
    }

    private static final long[] NO_STACK = {};

    /** This CPU as it is now, between runs (after the boundary's commands). */
    private CpuSnapshot snapshot() {
        long flags = frames.depth() == 0 ? engine.readReg(arch.flags()) : frames.outerFlags();
        return new CpuSnapshot(id, nowNs(), rip, halted, frames.depth(), arch.irqsEnabled(flags),
                savedIf,
                latch.holding(), latch.parked(), latch.irqsOffAsked(), latch.irqsOff(), latch.stopAsked(),
                latch.swallowsNmis(), latch.defersNmis(),
                syncPending || delivery.syncPending(), releases, host.probes().unwindStacks() ? ownStack() : NO_STACK);
    }

    /** The PC and return addresses of this CPU's own context (the code any running handler interrupted). */
    private long[] ownStack() {
        long[] ctx = frames.depth() == 0
                ? new long[] {rip, engine.readReg(arch.sp()), engine.readReg(arch.fp()), linkRegister()}
                : frames.outerContext();
        long low = host.stackTop(id) - host.settings().cpu().stackSize();
        return unwinder.walk(ctx[0], ctx[1], ctx[2], ctx[3], low, host.stackTop(id));
    }

    /** Stopped by stop_machine: report the unwound stack, disable IRQs and spin where the CPU is. */
    private void stopHere() {
        long sp = engine.readReg(arch.sp());
        long bp = engine.readReg(arch.fp());
        long low = host.stackTop(id) - host.settings().cpu().stackSize();
        emit(new CpuEvent.Stopped(nowNs(), id, log.next(),
                unwinder.walk(rip, sp, bp, linkRegister(), low, host.stackTop(id))));
        maskIrqs();
        latch.stopped();
        spin.start(nowPs);
        stepped = true;
    }

    /** The link register's value, 0 on an architecture whose calls push the return address. */
    private long linkRegister() {
        return arch.lr() < 0 ? 0 : engine.readReg(arch.lr());
    }

    /** Masks IRQs for the rendezvous, remembering whether they were enabled. */
    private void maskIrqs() {
        long flags = engine.readReg(arch.flags());
        savedIf = arch.irqsEnabled(flags);
        engine.writeReg(arch.flags(), arch.withIrqs(flags, false));
    }

    /** An exception ended the run (a text_poke int3, or a fault): {@link Int3Traps}. */
    private void trapped() {
        int vector = trap;
        trap = -1;
        resume(traps.trapped(vector, rip, nowNs()));
    }

    private void resume(Int3Traps.Resume r) {
        rip = r.rip();
        halted |= r.halted();
    }

    /** Reached the quiescence point while asked to hold: report it and spin there. */
    private void park() {
        if (latch.parkIfHeld()) {
            emit(new CpuEvent.Quiescence(nowNs(), id, log.next(), quiescencePc));
            spin.start(nowPs);
            stepped = true;
        }
    }

    private void disableIrqs() {
        maskIrqs();
        latch.irqsTurnedOff();
        emit(new CpuEvent.IrqsOff(nowNs(), id, log.next()));
        stepped = true;
    }

    /** The handler returned to the magic address: restore the interrupted context. */
    private void returnFromInterrupt() {
        if (frames.breakpointOnTop()) {
            resume(traps.returned(nowNs()));
            return;
        }
        rip = delivery.leave(nowPs);
        if (frames.depth() == 0 && latch.parked()) {
            spin.start(nowPs); // back in the spin loop, which reads at once
        }
    }

    private void fault(RunResult r) {
        halted = true;
        FaultKind kind = FaultKind.of(r.error());
        String detail = rip == host.cpuExit() ? CpuEvent.Fault.entryReturned(host.settings().guest().entry())
                : kind == FaultKind.INVALID_INSTRUCTION ? host.runtimeTrapDetail(id, rip).orElse(r.error().name())
                : r.error().name();
        emit(new CpuEvent.Fault(nowNs(), id, log.next(), kind, rip, host.describe(rip), detail));
    }

    private void emit(CpuEvent e) {
        log.add(e);
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }

    @Override
    public void close() {
        engine.close();
    }
}
