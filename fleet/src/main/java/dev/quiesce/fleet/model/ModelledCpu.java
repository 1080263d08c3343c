package dev.quiesce.fleet.model;

import dev.quiesce.cpu.CpuCommandLatch;
import dev.quiesce.cpu.CpuControl;
import dev.quiesce.cpu.CpuEvent;
import dev.quiesce.cpu.SpinLoop;
import dev.quiesce.host.HostInterrupts;
import dev.quiesce.interrupt.InterruptKind;
import dev.quiesce.random.DetRandom;
import dev.quiesce.random.SeedStream;

import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A CPU without an emulator: the same events as an emulated {@code Cpu} (quiescence points, IRQ and NMI entry and
 * exit, lost and swallowed NMIs, IRQs off, stops) and the same {@link CpuControl} commands, drawn from a
 * {@link CpuModel}. Quiescence points come only outside handlers; IRQs wait while a handler runs or IRQs are off;
 * NMIs nest inside IRQ handlers but not inside each other. A stop reports an empty stack (there is no code to unwind).
 * Parked, it spins as an emulated CPU does ({@link SpinLoop}): it turns IRQs off, and resumes after a release, at its
 * loop's next read.
 * Deterministic: every draw comes from the CPU's own seeded streams.
 */
public final class ModelledCpu {

    private static final long NEVER = Long.MAX_VALUE;
    private static final int MAX_NESTING = 4;

    private final int id;
    private final CpuModel model;
    private final DetRandom qp;
    private final DetRandom irq;
    private final DetRandom nmi;
    private final DetRandom handler;
    private final long[] handlerEnd = new long[MAX_NESTING];
    private final InterruptKind[] handlerKind = new InterruptKind[MAX_NESTING];
    private final int[] handlerVector = new int[MAX_NESTING];
    private final TreeSet<Integer> pendingIrqs = new TreeSet<>();
    private final TreeMap<Long, Long> stalls = new TreeMap<>();
    private long stallAfterRelease;
    private int depth;
    private int nmisInService;
    private boolean nmiLatched;
    private long now;
    private long nextQp;
    private long nextIrq;
    private long nextNmi;
    private long seq;
    private final CpuCommandLatch latch = new CpuCommandLatch();
    private final SpinLoop spin;
    private long askedNs;
    private long resumeNs;
    private boolean stepped;

    /** CPU {@code id} of class {@code model}, its draws from {@code stream}, caught at a random point of its work. */
    public ModelledCpu(int id, CpuModel model, SeedStream stream) {
        this(id, model, stream, 0);
    }

    /** As above, its spin loop in a rendezvous reading every {@code spinPollNs} (the host's {@code cpu.spin-poll}). */
    public ModelledCpu(int id, CpuModel model, SeedStream stream, long spinPollNs) {
        this.spin = new SpinLoop(spinPollNs);
        this.id = id;
        this.model = model;
        this.qp = stream.child("qp").random();
        this.irq = stream.child("irq").random();
        this.nmi = stream.child("nmi").random();
        this.handler = stream.child("handler").random();
        this.nextQp = Math.max(1, model.quiescenceGapNs().residual(qp));
        this.nextIrq = arrival(0, model.irqRatePerMs(), irq);
        this.nextNmi = arrival(0, model.nmiRatePerMs(), nmi);
    }

    /**
     * Schedules a straggler: at {@code atNs} the CPU takes on {@code lengthNs} of non-preemptible work, which delays
     * its next quiescence point by that much (after the release if it is parked in a rendezvous then). As on an
     * emulated CPU, where the work starts when the current activity ends and the quiescence point comes once the
     * CPU next reaches its idle loop: the wait from a random instant to the next quiescence point (the residual)
     * stands for those two parts.
     */
    public void stall(long atNs, long lengthNs) {
        if (lengthNs < 0 || atNs < now) {
            throw new IllegalArgumentException("a stall needs a length >= 0 and a time not in the past");
        }
        stalls.merge(atNs, lengthNs, Long::sum);
    }

    /** Applies a coordinator's command; call between runs (at a quantum boundary). */
    public void control(CpuControl c) {
        if (c == CpuControl.SYNC_IPI) {
            pendingIrqs.add(CpuControl.SYNC_VECTOR);
        } else if (c == CpuControl.IRQS_OFF) {
            askedNs = now;
        } else if ((c == CpuControl.RELEASE || c == CpuControl.RELEASE_WITHOUT_SERIALISING) && latch.parked()) {
            // leaves the parked point at its next spin read: the next quiescence point is drawn from there
            resumeNs = depth == 0 ? spin.nextRead(now) : now;
            nextQp = resumeNs + Math.max(1, model.quiescenceGapNs().sample(qp)) + stallAfterRelease;
            stallAfterRelease = 0;
        }
        latch.apply(c);
    }

    /** The earliest time something can happen to this CPU (for a host that skips empty quanta). */
    public long nextEventNs() {
        return Math.max(nextEvent(), resumeNs);
    }

    /** The earliest time something can happen, before the spin loop's remainder after a release. */
    private long nextEvent() {
        if (immediate()) {
            return now;
        }
        long t = Math.min(nextIrq, nextNmi);
        if (!stalls.isEmpty()) {
            t = Math.min(t, stalls.firstKey());
        }
        if (depth > 0) {
            t = Math.min(t, handlerEnd[depth - 1]);
        } else if (!latch.parked()) {
            t = Math.min(t, nextQp);
        } else if (latch.irqsOffAsked()) {
            t = Math.min(t, spin.nextRead(askedNs));
        }
        return t;
    }

    /** Runs to {@code endNs}, appending its events in the order they happened. */
    public void runUntil(long endNs, List<CpuEvent> out) {
        runTo(endNs, out, false);
    }

    /**
     * Runs to {@code endNs} or, with {@code untilStep}, until its next rendezvous step (parks at a quiescence point,
     * stops, turns IRQs off as asked), as an emulated CPU's first stage of a two-stage quantum; returns whether it
     * took a step.
     */
    public boolean runTo(long endNs, List<CpuEvent> out, boolean untilStep) {
        stepped = false;
        while (!(untilStep && stepped)) {
            if (now < resumeNs && immediate()) { // due, but the CPU is still in its spin loop's last read
                now = Math.min(endNs, resumeNs);
                if (now < resumeNs) {
                    return stepped;
                }
                continue;
            }
            if (act(out)) {
                continue;
            }
            long t = nextEvent();
            long at = Math.max(t, resumeNs);
            if (at > endNs) {
                now = endNs;
                return stepped;
            }
            now = Math.max(now, at);
            if (!stalls.isEmpty() && stalls.firstKey() == t) {
                startStall();
            } else if (depth > 0 && handlerEnd[depth - 1] == t) {
                exit(out);
            } else if (t == nextNmi) {
                nmiArrives(out);
            } else if (t == nextIrq) {
                irqArrives(out);
            } else if (latch.parked() && depth == 0) {
                continue; // a read of the spin loop: act() takes the IRQs-off now due
            } else {
                quiescence(out);
            }
        }
        return stepped;
    }

    /** Local virtual time. */
    public long nowNs() {
        return now;
    }

    private void startStall() {
        long length = stalls.pollFirstEntry().getValue();
        if (latch.parked()) {
            stallAfterRelease += length;
        } else {
            nextQp = Math.max(nextQp, now) + length;
        }
    }

    private boolean immediate() {
        return deliverableIrq() || irqsOffDue() || stopDue()
                || (nmiLatched && nmisInService == 0 && !latch.masksNmis() && depth < MAX_NESTING)
                || (!latch.parked() && depth == 0 && nextQp < now);
    }

    /** Does what is due now without time passing; true if it did something. */
    private boolean act(List<CpuEvent> out) {
        if (nmiLatched && nmisInService == 0 && !latch.masksNmis() && depth < MAX_NESTING) {
            nmiLatched = false;
            enter(InterruptKind.NMI, HostInterrupts.NMI_VECTOR, out);
            return true;
        }
        if (stopDue()) {
            latch.stopped();
            spin.start(now);
            stepped = true;
            out.add(new CpuEvent.Stopped(now, id, seq++, new long[0]));
            return true;
        }
        if (irqsOffDue()) {
            latch.irqsTurnedOff();
            out.add(new CpuEvent.IrqsOff(now, id, seq++));
            stepped = true;
            return true;
        }
        if (deliverableIrq()) {
            enter(InterruptKind.IRQ, pendingIrqs.pollLast(), out);
            return true;
        }
        if (!latch.parked() && depth == 0 && nextQp < now) {
            quiescence(out);
            return true;
        }
        return false;
    }

    /** IRQs-off was asked of the parked CPU and its spin loop reads now (outside handlers). */
    private boolean irqsOffDue() {
        return latch.irqsOffDue(depth == 0) && now >= spin.nextRead(askedNs);
    }

    /** A stop is taken outside handlers with IRQs on; a modelled CPU's IRQs are off only through the latch. */
    private boolean stopDue() {
        return latch.stopAsked() && depth == 0 && !latch.irqsOff();
    }

    private boolean deliverableIrq() {
        return !pendingIrqs.isEmpty() && depth == 0 && !latch.irqsOff();
    }

    private void quiescence(List<CpuEvent> out) {
        out.add(new CpuEvent.Quiescence(now, id, seq++, 0));
        if (latch.holding()) {
            if (latch.parkIfHeld()) {
                spin.start(now);
                stepped = true;
            }
        } else {
            nextQp = now + Math.max(1, model.quiescenceGapNs().sample(qp));
        }
    }

    private void irqArrives(List<CpuEvent> out) {
        nextIrq = arrival(now, model.irqRatePerMs(), irq);
        if (!pendingIrqs.add(HostInterrupts.DEVICE_VECTOR)) {
            out.add(new CpuEvent.InterruptLost(now, id, seq++, InterruptKind.IRQ, HostInterrupts.DEVICE_VECTOR));
        }
    }

    private void nmiArrives(List<CpuEvent> out) {
        nextNmi = arrival(now, model.nmiRatePerMs(), nmi);
        if (latch.swallowsNmis()) {
            out.add(new CpuEvent.NmiSwallowed(now, id, seq++, HostInterrupts.NMI_VECTOR));
        } else if (latch.defersNmis() || nmisInService > 0 || depth == MAX_NESTING) {
            if (nmiLatched) {
                out.add(new CpuEvent.InterruptLost(now, id, seq++, InterruptKind.NMI, HostInterrupts.NMI_VECTOR));
            }
            nmiLatched = true;
        } else {
            enter(InterruptKind.NMI, HostInterrupts.NMI_VECTOR, out);
        }
    }

    private void enter(InterruptKind kind, int vector, List<CpuEvent> out) {
        long flags = latch.irqsOff() || depth > 0 ? 0x2 : 0x202;
        out.add(new CpuEvent.InterruptEntry(now, id, seq++, kind, vector, 0, flags));
        Empirical d = kind == InterruptKind.NMI ? model.nmiDurationNs() : model.irqDurationNs();
        handlerEnd[depth] = now + Math.max(1, d.sample(handler));
        handlerKind[depth] = kind;
        handlerVector[depth] = vector;
        depth++;
        nmisInService += kind == InterruptKind.NMI ? 1 : 0;
    }

    private void exit(List<CpuEvent> out) {
        depth--;
        nmisInService -= handlerKind[depth] == InterruptKind.NMI ? 1 : 0;
        out.add(new CpuEvent.InterruptExit(now, id, seq++, handlerKind[depth], handlerVector[depth]));
        if (depth == 0 && latch.parked()) {
            spin.start(now); // back in the spin loop, which reads at once
        }
    }

    private static long arrival(long from, double ratePerMs, DetRandom r) {
        if (ratePerMs <= 0) {
            return NEVER;
        }
        double gapNs = -Math.log(1 - r.nextDouble()) * 1_000_000 / ratePerMs;
        return from + Math.max(1, (long) Math.ceil(gapNs));
    }

    /** This CPU's class. */
    public CpuModel model() {
        return model;
    }

    /** This CPU's id. */
    public int id() {
        return id;
    }
}
