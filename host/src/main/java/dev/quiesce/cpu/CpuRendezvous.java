package dev.quiesce.cpu;

import dev.quiesce.emulator.unicorn.UnicornEngine;

/**
 * One emulated {@link Cpu}'s side of a rendezvous: the coordinator's commands ({@link CpuControl}) in its
 * {@link CpuCommandLatch}, and the steps the CPU takes for them at instruction boundaries — it parks at its quiescence
 * point, stops where it is, turns its IRQs off as asked and back on at the release, each noticed at its spin loop's
 * next read ({@link SpinLoop}; docs/architecture.md §3 rule 7). A host awaiting the CPU's next step ends its quantum
 * once the CPU {@link #stepped()}.
 */
final class CpuRendezvous {

    private final UnicornEngine engine;
    private final CpuArch arch;
    private final InterruptFrames frames;
    private final CpuCommandLatch latch;
    private final SpinLoop spin;
    private final CodeFetch fetch;
    private final CpuEventLog log;
    private final long quiescencePc;
    private boolean savedIf = true; // whether IRQs were enabled when the rendezvous turned them off
    private long releases;
    private boolean syncPending;
    private long askedPs; // when the pending IRQs-off was asked: the spin loop notices it at its next read
    private long resumePs; // after a release: the CPU leaves its spin loop at its next read
    private boolean stepped;

    /** The rendezvous of the CPU whose {@code latch} this is, holding it at {@code quiescencePc}. */
    CpuRendezvous(UnicornEngine engine, CpuArch arch, InterruptFrames frames, CpuCommandLatch latch, SpinLoop spin,
                  CodeFetch fetch, CpuEventLog log, long quiescencePc) {
        this.engine = engine;
        this.arch = arch;
        this.frames = frames;
        this.latch = latch;
        this.spin = spin;
        this.fetch = fetch;
        this.log = log;
        this.quiescencePc = quiescencePc;
    }

    /** Applies a coordinator's command at local time {@code nowPs}; call between runs (at a quantum boundary). */
    void control(CpuControl c, long nowPs) {
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

    /** The latch the commands set (for the CPU's snapshot and its interrupt delivery). */
    CpuCommandLatch latch() {
        return latch;
    }

    /** Whether IRQs were enabled when the rendezvous last turned them off. */
    boolean savedIf() {
        return savedIf;
    }

    /** Releases applied so far. */
    long releases() {
        return releases;
    }

    /** Whether a {@link CpuControl#SYNC_IPI} waits to be raised. */
    boolean syncPending() {
        return syncPending;
    }

    /** Takes the waiting {@link CpuControl#SYNC_IPI}, if any: true if there was one, to be raised now. */
    boolean takeSync() {
        boolean pending = syncPending;
        syncPending = false;
        return pending;
    }

    /** A quantum starts: no step taken in it yet. */
    void begin() {
        stepped = false;
    }

    /** Whether the CPU took a rendezvous step in this quantum (parked, stopped, turned IRQs off). */
    boolean stepped() {
        return stepped;
    }

    /** After a release: the CPU leaves its spin loop at this time, its loop's next read; nothing runs before. */
    long resumePs() {
        return resumePs;
    }

    /** Whether a stop was asked and not taken yet (the run then polls for it). */
    boolean stopAsked() {
        return latch.stopAsked();
    }

    /**
     * At an instruction boundary at {@code nowPs}, the CPU at {@code rip}: takes the steps due — the stop asked
     * (outside any handler, IRQs enabled), parking at the quiescence point, IRQs off. Returns true if IRQs went off
     * (the boundary is then looked at again).
     */
    boolean takeSteps(long nowPs, long rip, OwnStack stack) {
        if (latch.stopAsked() && frames.depth() == 0 && arch.irqsEnabled(engine.readReg(arch.flags()))) {
            stop(nowPs, stack.walk(rip));
        }
        if (!latch.parked() && holdsAt(rip)) {
            park(nowPs);
        }
        return disableIrqsIfDue(nowPs);
    }

    /** Stopped by stop_machine: report the unwound {@code stack}, disable IRQs and spin where the CPU is. */
    private void stop(long nowPs, long[] stack) {
        log.add(new CpuEvent.Stopped(nowPs / 1000, log.cpu(), log.next(), stack));
        maskIrqs();
        latch.stopped();
        spin.start(nowPs);
        stepped = true;
    }

    /** Whether the CPU is parked, spinning where it is. */
    boolean parked() {
        return latch.parked();
    }

    /** Whether the CPU, at {@code pc} outside any handler, is at the quiescence point it was asked to hold at. */
    boolean holdsAt(long pc) {
        return latch.holding() && frames.depth() == 0 && pc == quiescencePc;
    }

    /** Reached the quiescence point while asked to hold: report it and spin there. */
    void park(long nowPs) {
        if (latch.parkIfHeld()) {
            log.add(new CpuEvent.Quiescence(nowPs / 1000, log.cpu(), log.next(), quiescencePc));
            spin.start(nowPs);
            stepped = true;
        }
    }

    /** Turns IRQs off if that is due now, at the spin loop's first read after it was asked; true if it did. */
    private boolean disableIrqsIfDue(long nowPs) {
        if (!latch.irqsOffDue(frames.depth() == 0) || nowPs < spin.nextRead(askedPs)) {
            return false;
        }
        maskIrqs();
        latch.irqsTurnedOff();
        log.add(new CpuEvent.IrqsOff(nowPs / 1000, log.cpu(), log.next()));
        stepped = true;
        return true;
    }

    /** Masks IRQs for the rendezvous, remembering whether they were enabled. */
    private void maskIrqs() {
        long flags = engine.readReg(arch.flags());
        savedIf = arch.irqsEnabled(flags);
        engine.writeReg(arch.flags(), arch.withIrqs(flags, false));
    }

    /** Whether the CPU spins in its loop: parked, and in no handler. */
    boolean spinning() {
        return latch.parked() && frames.depth() == 0;
    }

    /**
     * How far a spinning CPU's time runs from {@code nowPs}: to {@code untilPs}, or sooner to the read that notices
     * an IRQs-off asked.
     */
    long spinUntil(long nowPs, long untilPs) {
        if (latch.irqsOffAsked()) {
            return Math.min(untilPs, Math.max(nowPs + 1, spin.nextRead(askedPs)));
        }
        return untilPs;
    }

    /** A handler returned at {@code nowPs}: back in the spin loop, which reads at once, if the CPU spins. */
    void handlerReturned(long nowPs) {
        if (spinning()) {
            spin.start(nowPs);
        }
    }
}
