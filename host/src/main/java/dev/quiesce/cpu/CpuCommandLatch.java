package dev.quiesce.cpu;

/**
 * The state a coordinator's {@link CpuControl} commands leave on one CPU, and its transitions: held at the next
 * quiescence point or parked there, IRQs-off asked or in force, an NMI mask, a stop asked — set by the commands,
 * taken by the CPU when it reaches the right point, cleared by {@link CpuControl#RELEASE} (the NMI mask by
 * {@link CpuControl#UNMASK_NMIS}). One state machine
 * for the emulated {@link Cpu} and the modelled CPU of the fleet; each adds only what its machine does
 * (registers, the quiescence watch, interrupts).
 */
public final class CpuCommandLatch {

    private boolean hold;
    private boolean parked;
    private boolean irqsOffPending;
    private boolean irqsOff;
    private boolean stopPending;
    private CpuControl nmiMask;

    /**
     * Applies a command, at a quantum boundary. IRQs-off counts only once the CPU was asked to hold, a stop only
     * if it is not parked already; {@link CpuControl#SYNC_IPI} is an interrupt, not a latched state, so the CPU
     * queues it itself.
     */
    public void apply(CpuControl c) {
        switch (c) {
            case HOLD_AT_QUIESCENCE -> hold = true;
            case IRQS_OFF -> irqsOffPending = hold;
            case MASK_NMIS_SWALLOW, MASK_NMIS_DEFER -> nmiMask = c;
            case STOP -> stopPending = !parked;
            case SYNC_IPI -> { }
            case UNMASK_NMIS -> nmiMask = null;
            case RELEASE, RELEASE_WITHOUT_SERIALISING -> {
                hold = false;
                parked = false;
                irqsOffPending = false;
                irqsOff = false;
                stopPending = false;
            }
        }
    }

    /** Whether the CPU was asked to hold at its next quiescence point (until the release). */
    public boolean holding() {
        return hold;
    }

    /** Whether the CPU spins where it is: held at its quiescence point, or stopped. */
    public boolean parked() {
        return parked;
    }

    /** Whether the latch turned the CPU's IRQs off (held with IRQs off, or stopped). */
    public boolean irqsOff() {
        return irqsOff;
    }

    /** The CPU reached its quiescence point: parks it there if it was asked to hold; true if it parked now. */
    public boolean parkIfHeld() {
        if (!hold || parked) {
            return false;
        }
        parked = true;
        return true;
    }

    /** Whether IRQs-off is due: parked, asked for it, and {@code outsideHandlers}. */
    public boolean irqsOffDue(boolean outsideHandlers) {
        return parked && irqsOffPending && outsideHandlers;
    }

    /** The CPU turned its IRQs off, as it was due to ({@link #irqsOffDue}). */
    public void irqsTurnedOff() {
        if (!parked || !irqsOffPending) {
            throw new IllegalStateException("IRQs-off was not asked of a parked CPU");
        }
        irqsOffPending = false;
        irqsOff = true;
    }

    /**
     * Whether a stop was asked and not taken yet. The CPU takes it outside any handler with its IRQs enabled (an
     * emulated CPU reads RFLAGS.IF, a modelled one has only {@link #irqsOff()}).
     */
    public boolean stopAsked() {
        return stopPending;
    }

    /** The CPU stopped where it is, as asked: it is parked there with its IRQs off. */
    public void stopped() {
        if (!stopPending) {
            throw new IllegalStateException("no stop was asked");
        }
        stopPending = false;
        irqsOff = true;
        parked = true;
    }

    /** Whether NMIs are masked (swallowed or deferred) until {@link CpuControl#UNMASK_NMIS}. */
    public boolean masksNmis() {
        return nmiMask != null;
    }

    /** Whether an NMI the CPU would deliver is swallowed ({@link CpuControl#MASK_NMIS_SWALLOW}). */
    public boolean swallowsNmis() {
        return nmiMask == CpuControl.MASK_NMIS_SWALLOW;
    }

    /** Whether NMIs wait in the CPU's latch until the unmask ({@link CpuControl#MASK_NMIS_DEFER}). */
    public boolean defersNmis() {
        return nmiMask == CpuControl.MASK_NMIS_DEFER;
    }

    /** Whether IRQs-off was asked of the held CPU and not taken yet (it is in a handler, or not parked yet). */
    public boolean irqsOffAsked() {
        return irqsOffPending;
    }
}
