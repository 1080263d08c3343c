package dev.quiesce.cpu;

import dev.quiesce.emulator.unicorn.FaultKind;
import dev.quiesce.host.CpuSettings;
import dev.quiesce.host.HostMachine;
import dev.quiesce.interrupt.Arrival;
import dev.quiesce.interrupt.InterruptKind;
import dev.quiesce.interrupt.InterruptSchedule;
import dev.quiesce.emulator.unicorn.RunResult;
import dev.quiesce.emulator.unicorn.UnicornEngine;
import dev.quiesce.emulator.unicorn.X86Reg;

import java.util.List;
import java.util.TreeMap;

/**
 * One emulated CPU: a Unicorn engine running the host's guest image from {@code cpu_main(id)}, with
 * its own virtual clock, quiescence-point watch and interrupt injection (docs/architecture.md §3 and §6).
 *
 * <p>Virtual time advances only by retired instructions ({@code picos-per-instruction} each).
 * Interrupts are injected at instruction boundaries at their seeded arrival times: the full context
 * (16 GPRs, RIP, RFLAGS: the guest has no SSE/x87 state) is saved, RSP moves to the interrupt stack,
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

    private static final long RFLAGS_RESET = 0x202; // IF set, reserved bit 1
    private static final int QUIESCENCE_BUFFER = 4096;
    private static final int BREAKPOINT_VECTOR = 3;
    private static final int RSP_SLOT = X86Reg.contextSlot(X86Reg.RSP);
    private static final int RIP_SLOT = X86Reg.contextSlot(X86Reg.RIP);
    private static final int RFLAGS_SLOT = X86Reg.contextSlot(X86Reg.RFLAGS);

    private final int id;
    private final HostMachine host;
    private final UnicornEngine engine;
    private final InterruptSchedule schedule;
    private final long ps;
    private final long irqPoll;
    private final long irqHandler;
    private final long nmiHandler;
    private final long mceHandler;
    private final long pokeHandler; // poke_int3_handler, or -1 when the simulator emulates text_poke int3s in Java
    private final long quiescencePc;
    private final long[] quiescenceHits = new long[QUIESCENCE_BUFFER];
    private final long[][] frames;
    private final long interruptReturn;
    private final InterruptKind[] frameKind;
    private final int[] frameVector;
    private final long[] frameBreakpoint; // the guest #BP frame's address, 0 for an interrupt's frame
    private final TreeMap<Integer, Arrival> pendingIrqs = new TreeMap<>();
    private Arrival pendingNmi;
    private Arrival pendingMce;
    private int depth;
    private int nmisInService;
    private int mcesInService;
    private long nowPs;
    private long seq;
    private long retired;
    private long rip;
    private boolean halted;
    private final CpuCommandLatch latch = new CpuCommandLatch();
    private long savedIf = X86Reg.RFLAGS_IF;
    private long releases;
    private boolean syncPending;
    private int trap = -1;
    private long runStartPs;
    private final SpinLoop spin;
    private long askedPs; // when the pending IRQs-off was asked: the spin loop notices it at its next read
    private long resumePs; // after a release: the CPU leaves its spin loop at its next read
    private boolean stepped;
    private final ProbeHooks probes;
    private final StackWalker unwinder;
    private List<CpuEvent> sink;
    private final CodeFetch fetch;
    private final CodeFetch.Sink fetchSink = new CodeFetch.Sink() {
        @Override
        public void refreshed(CpuEvent.Serialising cause, long page) {
            emit(new CpuEvent.CodeRefreshed(nowNs(), id, seq++, cause, page));
        }

        @Override
        public void torn(long address, int length) {
            emit(new CpuEvent.CodeTorn(nowNs(), id, seq++, address, length));
        }
    };

    /** Creates CPU {@code id} of {@code host}, ready to run {@code cpu_main(id)}. */
    public Cpu(int id, HostMachine host, InterruptSchedule schedule) {
        this.id = id;
        this.host = host;
        this.schedule = schedule;
        CpuSettings s = host.settings().cpu();
        this.ps = s.picosPerInstruction();
        this.irqPoll = s.irqPollInstructions();
        this.spin = new SpinLoop(s.spinPollNs() * 1000);
        this.irqHandler = host.address(host.settings().workload().irqCalls() == 0 ? "irq_handler" : "irq_handler_calls");
        this.nmiHandler = host.address("nmi_handler");
        this.mceHandler = host.address("mce_handler");
        this.interruptReturn = host.interruptReturn();
        this.frameKind = new InterruptKind[s.maxInterruptNesting()];
        this.frameVector = new int[s.maxInterruptNesting()];
        this.frameBreakpoint = new long[s.maxInterruptNesting()];
        this.pokeHandler = host.settings().int3Handler() == dev.quiesce.host.Int3Handler.GUEST
                ? host.address("poke_int3_handler") : -1;
        this.engine = UnicornEngine.open();
        this.probes = new ProbeHooks(engine, host.probes(), () -> nmisInService > 0, this::inIrq,
                () -> mcesInService > 0);
        this.unwinder = new StackWalker(host.memory(), host.image().symbols(), host.image().base(),
                host.image().end() + host.settings().payloadArea());
        this.frames = new long[s.maxInterruptNesting()][];
        for (int i = 0; i < frames.length; i++) {
            frames[i] = engine.newRegisterFile();
        }
        try {
            this.fetch = CodeFetch.map(engine, host.memory(), id);
            this.quiescencePc = host.address("check_for_livepatch_work");
            engine.watch(quiescencePc, QUIESCENCE_BUFFER);
            long sp = host.stackTop(id) - 8;
            host.memory().writeU64(sp, host.cpuExit());
            engine.stopAt(interruptReturn);
            engine.writeReg(X86Reg.RSP, sp);
            engine.writeReg(X86Reg.RBP, 0);
            engine.writeReg(X86Reg.RDI, id);
            engine.writeReg(X86Reg.RFLAGS, RFLAGS_RESET);
            engine.writeReg(X86Reg.GS_BASE, host.percpuField(id, 0)); // per-CPU data at %gs, as Xen and Linux do
            engine.hookInterrupt(n -> { // int3 and other exceptions end the run; runUntil decides
                trap = n;
                engine.stop();
            });
            this.rip = host.address("cpu_main");
            engine.writeReg(X86Reg.RIP, rip);
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

    /** Applies a coordinator's command; call between runs (at a quantum boundary). */
    public void control(CpuControl c) {
        switch (c) {
            case HOLD_AT_QUIESCENCE -> engine.stopAtWatch(true);
            case SYNC_IPI -> syncPending = true;
            case IRQS_OFF -> askedPs = nowPs;
            case RELEASE -> {
                if (latch.parked() && depth == 0) { // it sees do_work = 0 at its spin loop's next read
                    resumePs = spin.nextRead(nowPs);
                }
                leaveRendezvous();
                releases++;
                fetch.released(); // Xen's arch_livepatch_post_action(), stop_machine's exit: serialising
            }
            case RELEASE_WITHOUT_SERIALISING -> { // a release whose way out only changes control flow
                if (latch.parked() && depth == 0) {
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
        if (latch.irqsOff()) {
            if (depth == 0) {
                engine.writeReg(X86Reg.RFLAGS, engine.readReg(X86Reg.RFLAGS) | savedIf);
            } else {
                frames[0][RFLAGS_SLOT] |= savedIf;
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
        sink = out;
        fetch.beforeRun(fetchSink);
        if (syncPending) {
            syncPending = false;
            if (pendingIrqs.putIfAbsent(CpuControl.SYNC_VECTOR, new Arrival(nowPs, -1, InterruptKind.IRQ,
                    CpuControl.SYNC_VECTOR)) != null) {
                emit(new CpuEvent.InterruptLost(nowNs(), id, seq++, InterruptKind.IRQ, CpuControl.SYNC_VECTOR));
            }
        }
        long endPs = endNs * 1000;
        while (!halted && nowPs < endPs && !(untilStep && stepped)) {
            admitArrivals();
            if (nowPs < resumePs) { // the last reads of the spin loop after a release: nothing runs yet
                nowPs = Math.min(endPs, resumePs);
                continue;
            }
            if (latch.stopAsked() && depth == 0 && (engine.readReg(X86Reg.RFLAGS) & X86Reg.RFLAGS_IF) != 0) {
                stopHere();
            }
            if (latch.holding() && !latch.parked() && depth == 0 && rip == quiescencePc) {
                park();
            }
            if (latch.irqsOffDue(depth == 0) && nowPs >= spin.nextRead(askedPs)) {
                disableIrqs();
                continue;
            }
            if (injectOne()) {
                continue;
            }
            if (latch.parked() && depth == 0) { // spinning: time passes, nothing is fetched
                long until = Math.min(endPs, schedule.peekTimePs());
                if (latch.irqsOffAsked()) {
                    until = Math.min(until, Math.max(nowPs + 1, spin.nextRead(askedPs)));
                }
                nowPs = until;
                continue;
            }
            long stopPs = Math.min(endPs, schedule.peekTimePs());
            long budget = Math.max(1, ceilDiv(stopPs - nowPs, ps));
            if (!pendingIrqs.isEmpty() || latch.stopAsked()) {
                budget = Math.min(budget, irqPoll);
            }
            runStartPs = nowPs;
            RunResult r = engine.run(rip, budget);
            int hits = engine.drainWatchHits(quiescenceHits);
            List<ProbeHooks.Hit> probeHits = probes.hits();
            int p = 0;
            for (int i = 0; i < hits; i++) { // quiescence hits and probe hits in the order they happened
                for (; p < probeHits.size() && probeHits.get(p).index() < quiescenceHits[i]; p++) {
                    emitProbe(probeHits.get(p));
                }
                emit(new CpuEvent.Quiescence((runStartPs + quiescenceHits[i] * ps) / 1000, id, seq++, quiescencePc));
            }
            for (; p < probeHits.size(); p++) {
                emitProbe(probeHits.get(p));
            }
            probes.clear();
            nowPs += r.retired() * ps;
            retired += r.retired();
            rip = engine.readReg(X86Reg.RIP);
            fetch.afterRun(fetchSink);
            if (rip == interruptReturn && depth > 0) {
                returnFromInterrupt();
            } else if (latch.holding() && depth == 0 && rip == quiescencePc) {
                park();
            } else if (trap >= 0) {
                trapped();
            } else if (!r.ok()) {
                fault(r);
            }
        }
        sink = null;
        return stepped;
    }

    /** This CPU as it is now, between runs (after the boundary's commands). */
    private CpuSnapshot snapshot() {
        long flags = depth == 0 ? engine.readReg(X86Reg.RFLAGS) : frames[0][RFLAGS_SLOT];
        return new CpuSnapshot(id, nowNs(), rip, halted, depth, (flags & X86Reg.RFLAGS_IF) != 0, savedIf != 0,
                latch.holding(), latch.parked(), latch.irqsOffAsked(), latch.irqsOff(), latch.stopAsked(),
                latch.swallowsNmis(), latch.defersNmis(),
                syncPending || pendingIrqs.containsKey(CpuControl.SYNC_VECTOR), releases);
    }

    /** Stopped by stop_machine: report the unwound stack, disable IRQs and spin where the CPU is. */
    private void stopHere() {
        long sp = engine.readReg(X86Reg.RSP);
        long bp = engine.readReg(X86Reg.RBP);
        long low = host.stackTop(id) - host.settings().cpu().stackSize();
        emit(new CpuEvent.Stopped(nowNs(), id, seq++, unwinder.walk(rip, sp, bp, low, host.stackTop(id))));
        long flags = engine.readReg(X86Reg.RFLAGS);
        savedIf = flags & X86Reg.RFLAGS_IF;
        engine.writeReg(X86Reg.RFLAGS, flags & ~X86Reg.RFLAGS_IF);
        latch.stopped();
        spin.start(nowPs);
        stepped = true;
    }

    /**
     * An exception ended the run: a text_poke int3 continues (emulated here, or delivered into the guest's handler);
     * anything else is a fault.
     */
    private void trapped() {
        int vector = trap;
        trap = -1;
        if (vector == BREAKPOINT_VECTOR && pokeHandler >= 0 && depth < frames.length) {
            enterBreakpoint();
            return;
        }
        if (vector == BREAKPOINT_VECTOR) {
            long at = rip - 1;
            java.util.OptionalLong target = host.probes().int3Target(at);
            if (target.isPresent()) {
                rip = target.getAsLong();
                engine.writeReg(X86Reg.RIP, rip);
                emit(new CpuEvent.Int3Emulated(nowNs(), id, seq++, at, rip));
                return;
            }
            halted = true;
            emit(new CpuEvent.Fault(nowNs(), id, seq++, FaultKind.BREAKPOINT, at, host.symbolize(at),
                    "int3 outside any text_poke window"));
            return;
        }
        halted = true;
        emit(new CpuEvent.Fault(nowNs(), id, seq++, FaultKind.OTHER, rip, host.symbolize(rip),
                "CPU exception vector " + vector));
    }

    private void emitProbe(ProbeHooks.Hit h) {
        emit(new CpuEvent.Probe((runStartPs + h.index() * ps) / 1000, id, seq++, h.pc(), h.size(), h.nmi(), h.irq(),
                h.mce()));
    }

    private boolean inIrq() {
        for (int i = 0; i < depth; i++) {
            if (frameKind[i] == InterruptKind.IRQ) {
                return true;
            }
        }
        return false;
    }

    /** Reached the quiescence point while asked to hold: report it and spin there. */
    private void park() {
        if (latch.parkIfHeld()) {
            emit(new CpuEvent.Quiescence(nowNs(), id, seq++, quiescencePc));
            spin.start(nowPs);
            stepped = true;
        }
    }

    private void disableIrqs() {
        long flags = engine.readReg(X86Reg.RFLAGS);
        savedIf = flags & X86Reg.RFLAGS_IF;
        engine.writeReg(X86Reg.RFLAGS, flags & ~X86Reg.RFLAGS_IF);
        latch.irqsTurnedOff();
        emit(new CpuEvent.IrqsOff(nowNs(), id, seq++));
        stepped = true;
    }

    private void admitArrivals() {
        while (schedule.peekTimePs() <= nowPs) {
            Arrival a = schedule.poll();
            if (a.kind() == InterruptKind.MCE) {
                if (pendingMce != null || mcesInService > 0) { // MCIP set: hardware shuts down; counted as lost
                    emit(new CpuEvent.InterruptLost(nowNs(), id, seq++, a.kind(), a.vector()));
                } else {
                    pendingMce = a;
                }
            } else if (a.kind() == InterruptKind.NMI) {
                if (pendingNmi != null) {
                    emit(new CpuEvent.InterruptLost(nowNs(), id, seq++, a.kind(), a.vector()));
                } else {
                    pendingNmi = a;
                }
            } else if (pendingIrqs.putIfAbsent(a.vector(), a) != null) {
                emit(new CpuEvent.InterruptLost(nowNs(), id, seq++, a.kind(), a.vector()));
            }
        }
    }

    /** Injects the highest-priority deliverable interrupt, if any. */
    private boolean injectOne() {
        if (depth == frames.length) {
            return false;
        }
        if (pendingMce != null) { // an exception: IF, NMI blocking and the NMI mask do not hold it back
            Arrival a = pendingMce;
            pendingMce = null;
            enter(InterruptKind.MCE, a.vector(), mceHandler, id);
            return true;
        }
        if (pendingNmi != null && nmisInService == 0 && !latch.defersNmis()) {
            Arrival a = pendingNmi;
            pendingNmi = null;
            if (latch.swallowsNmis()) { // mask_nmi_callback: "handled", the handler never runs
                emit(new CpuEvent.NmiSwallowed(nowNs(), id, seq++, a.vector()));
                return true;
            }
            enter(InterruptKind.NMI, a.vector(), nmiHandler, id);
            return true;
        }
        if (!pendingIrqs.isEmpty() && (engine.readReg(X86Reg.RFLAGS) & X86Reg.RFLAGS_IF) != 0) {
            Arrival a = pendingIrqs.pollLastEntry().getValue(); // highest vector first, as the APIC does
            enter(InterruptKind.IRQ, a.vector(), irqHandler, a.vector());
            return true;
        }
        return false;
    }

    /**
     * Delivers #BP into {@code poke_int3_handler(frame, cpu)} as an interrupt gate would (Linux's vector 3 is one):
     * registers saved, the hardware's exception frame and the magic return address on the interrupt stack (below
     * the interrupted frame when nested), IF clear. Unlike an interrupt it happens at the instruction: the frame's
     * RIP is the address after the int3.
     */
    private void enterBreakpoint() {
        long[] frame = frames[depth];
        engine.saveRegisters(frame);
        frame[RIP_SLOT] = rip;
        long flags = frame[RFLAGS_SLOT];
        long below = depth == 0 ? host.interruptStackTop(id) : (frame[RSP_SLOT] - 128) & -16L;
        long bp = BreakpointFrame.push(host.memory(), below, rip, flags, frame[RSP_SLOT], interruptReturn);
        frameKind[depth] = null;
        frameVector[depth] = BREAKPOINT_VECTOR;
        frameBreakpoint[depth] = bp;
        depth++;
        engine.writeReg(X86Reg.RSP, bp - 8);
        engine.writeReg(X86Reg.RFLAGS, flags & ~X86Reg.RFLAGS_IF);
        engine.writeReg(X86Reg.RDI, bp);
        engine.writeReg(X86Reg.RSI, id);
        rip = pokeHandler;
    }

    /**
     * {@code poke_int3_handler} returned: if it claimed the int3 (RAX != 0) the interrupted code goes on where the
     * frame now says (an {@link CpuEvent.Int3Emulated}); otherwise the int3 was nobody's and the CPU faults.
     */
    private void returnFromBreakpoint() {
        depth--;
        long[] frame = frames[depth];
        long bp = frameBreakpoint[depth];
        frameBreakpoint[depth] = 0;
        boolean claimed = (engine.readReg(X86Reg.RAX) & 0xffff_ffffL) != 0;
        long at = frame[RIP_SLOT] - 1;
        frame[RIP_SLOT] = BreakpointFrame.ip(host.memory(), bp);
        frame[RSP_SLOT] = BreakpointFrame.sp(host.memory(), bp);
        engine.restoreRegisters(frame);
        rip = frame[RIP_SLOT];
        if (!claimed) {
            halted = true;
            emit(new CpuEvent.Fault(nowNs(), id, seq++, FaultKind.BREAKPOINT, at, host.symbolize(at),
                    "int3 not claimed by poke_int3_handler (no patch descriptor entry for it)"));
            return;
        }
        emit(new CpuEvent.Int3Emulated(nowNs(), id, seq++, at, rip));
        fetch.serialise(CpuEvent.Serialising.IRET, fetchSink);
    }

    private void enter(InterruptKind kind, int vector, long handler, long firstArg) {
        long[] frame = frames[depth];
        engine.saveRegisters(frame);
        // rip, not the engine's RIP: a handler entered on top of one that has not run an instruction yet (an NMI
        // right after a machine check) must return to that handler's first instruction
        frame[RIP_SLOT] = rip;
        long flags = frame[RFLAGS_SLOT];
        long sp = depth == 0 ? host.interruptStackTop(id) - 8 : ((frame[RSP_SLOT] - 128) & -16L) - 8;
        host.memory().writeU64(sp, interruptReturn);
        emit(new CpuEvent.InterruptEntry(nowNs(), id, seq++, kind, vector, rip, flags));
        if (kind == InterruptKind.IRQ && vector == CpuControl.SYNC_VECTOR) {
            fetch.serialise(CpuEvent.Serialising.SYNC_CORE, fetchSink); // do_sync_core(): delivery alone is not
        }
        frameKind[depth] = kind;
        frameVector[depth] = vector;
        depth++;
        if (kind == InterruptKind.NMI) {
            nmisInService++;
        } else if (kind == InterruptKind.MCE) {
            mcesInService++;
        }
        engine.writeReg(X86Reg.RSP, sp);
        engine.writeReg(X86Reg.RFLAGS, flags & ~X86Reg.RFLAGS_IF);
        engine.writeReg(X86Reg.RDI, firstArg);
        engine.writeReg(X86Reg.RSI, id);
        rip = handler;
    }

    /** The handler returned to the magic address: restore the interrupted context. */
    private void returnFromInterrupt() {
        if (frameBreakpoint[depth - 1] != 0) {
            returnFromBreakpoint();
            return;
        }
        depth--;
        long[] frame = frames[depth];
        engine.restoreRegisters(frame);
        if (frameKind[depth] == InterruptKind.NMI) {
            nmisInService--;
        } else if (frameKind[depth] == InterruptKind.MCE) {
            mcesInService--;
        }
        rip = frame[RIP_SLOT];
        emit(new CpuEvent.InterruptExit(nowNs(), id, seq++, frameKind[depth], frameVector[depth]));
        if (depth == 0 && latch.parked()) {
            spin.start(nowPs); // back in the spin loop, which reads at once
        }
        fetch.serialise(CpuEvent.Serialising.IRET, fetchSink);
    }

    private void fault(RunResult r) {
        halted = true;
        String detail = rip == host.cpuExit() ? "cpu_main returned" : r.error().name();
        emit(new CpuEvent.Fault(nowNs(), id, seq++, FaultKind.of(r.error()), rip, host.symbolize(rip), detail));
    }

    private void emit(CpuEvent e) {
        sink.add(e);
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }

    @Override
    public void close() {
        engine.close();
    }
}
