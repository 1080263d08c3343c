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
    private final CpuRendezvous rendezvous;
    private final ProbeHooks probes;
    private final OwnStack stack;
    private final CodeFetch fetch;
    private final CodeFetch.Sink fetchSink = new CodeFetch.Sink() {
        @Override
        public void refreshed(CpuEvent.Serialising cause, long page) {
            log.add(new CpuEvent.CodeRefreshed(nowNs(), id, log.next(), cause, page));
        }

        @Override
        public void torn(long address, int length) {
            log.add(new CpuEvent.CodeTorn(nowNs(), id, log.next(), address, length));
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
        SpinLoop spin = new SpinLoop(s.spinPollNs() * 1000);
        this.log = new CpuEventLog(id);
        this.interruptReturn = host.interruptReturn();
        this.engine = UnicornEngines.open(host.arch());
        this.frames = new InterruptFrames(engine, arch, host, id, s.maxInterruptNesting());
        this.probes = new ProbeHooks(engine, host.probes(), frames::inNmi, frames::inIrq, frames::inMce);
        this.stack = new OwnStack(host, id, engine, arch, frames);
        try {
            this.fetch = CodeFetch.map(engine, host.memory(), id, host.isbAddresses());
            GuestProgram program = host.settings().guest();
            CpuCommandLatch latch = new CpuCommandLatch();
            this.delivery = new InterruptDelivery(schedule, frames, latch, engine, arch, log, fetch, fetchSink,
                    host.address(program.irqEntryFor(host.settings().workload().irqCalls())),
                    host.address(program.nmiEntry()), host.address(program.mceEntry()));
            this.traps = new Int3Traps(host, engine, arch, frames, log, fetch, fetchSink);
            long quiescencePc = host.address(program.quiescence());
            this.hits = new RunHits(engine, probes, log, quiescencePc, ps);
            this.rendezvous = new CpuRendezvous(engine, arch, frames, latch, spin, fetch, log, quiescencePc);
            engine.stopAt(interruptReturn);
            arch.boot(engine, host.memory(), host.stackTop(id), host.cpuExit(), id, host.percpuField(id, 0));
            if (program.saveSse()) {
                SseSave.boot(engine);
            }
            traps.catchExceptions();
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
        return rendezvous.parked();
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
        rendezvous.control(c, nowPs);
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
        rendezvous.begin();
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
        if (rendezvous.takeSync()) {
            delivery.raiseSync(nowPs);
        }
        long endPs = endNs * 1000;
        while (!halted && nowPs < endPs && !(untilStep && rendezvous.stepped())) {
            delivery.admit(nowPs);
            if (nowPs < rendezvous.resumePs()) { // the last reads of the spin loop after a release: nothing runs yet
                nowPs = Math.min(endPs, rendezvous.resumePs());
                continue;
            }
            if (rendezvous.takeSteps(nowPs, rip, stack)) { // stopped, parked, or IRQs off as asked
                continue;
            }
            long next = delivery.inject(rip, nowPs);
            if (next != InterruptDelivery.NOTHING) {
                rip = next;
                continue;
            }
            if (rendezvous.spinning()) { // spinning: time passes, nothing is fetched
                nowPs = rendezvous.spinUntil(nowPs, Math.min(endPs, schedule.peekTimePs()));
                continue;
            }
            long stopPs = Math.min(endPs, schedule.peekTimePs());
            long budget = Math.max(1, Math.ceilDiv(stopPs - nowPs, ps));
            if (delivery.irqsPending() || rendezvous.stopAsked()) {
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
            } else if (rendezvous.holdsAt(rip)) {
                rendezvous.park(nowPs);
            } else if (traps.caught()) { // an exception ended the run (a text_poke int3, or a fault): Int3Traps
                resume(traps.trapped(rip, nowNs()));
            } else if (!r.ok()) {
                fault(r);
            }
        }
        log.close();
        return rendezvous.stepped();
    }

    private static final long[] NO_STACK = {};

    /** This CPU as it is now, between runs (after the boundary's commands). */
    private CpuSnapshot snapshot() {
        long flags = frames.depth() == 0 ? engine.readReg(arch.flags()) : frames.outerFlags();
        CpuCommandLatch latch = rendezvous.latch();
        return new CpuSnapshot(id, nowNs(), rip, halted, frames.depth(), arch.irqsEnabled(flags),
                rendezvous.savedIf(),
                latch.holding(), latch.parked(), latch.irqsOffAsked(), latch.irqsOff(), latch.stopAsked(),
                latch.swallowsNmis(), latch.defersNmis(), rendezvous.syncPending() || delivery.syncPending(),
                rendezvous.releases(), host.probes().unwindStacks() ? stack.walk(rip) : NO_STACK);
    }

    private void resume(Int3Traps.Resume r) {
        rip = r.rip();
        halted |= r.halted();
    }

    /** The handler returned to the magic address: restore the interrupted context. */
    private void returnFromInterrupt() {
        if (frames.breakpointOnTop()) {
            resume(traps.returned(nowNs()));
            return;
        }
        rip = delivery.leave(nowPs);
        rendezvous.handlerReturned(nowPs);
    }

    private void fault(RunResult r) {
        halted = true;
        FaultKind kind = FaultKind.of(r.error());
        String detail = rip == host.cpuExit() ? CpuEvent.Fault.entryReturned(host.settings().guest().entry())
                : kind == FaultKind.INVALID_INSTRUCTION ? host.runtimeTrapDetail(id, rip).orElse(r.error().name())
                : r.error().name();
        log.add(new CpuEvent.Fault(nowNs(), id, log.next(), kind, rip, host.describe(rip), detail));
    }

    @Override
    public void close() {
        engine.close();
    }
}
