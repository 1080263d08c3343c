package dev.quiesce.coordinator.protocol;

/**
 * One step of a rendezvous, at a point of virtual time (Xen's steps in {@code do_livepatch_work()} and
 * {@code livepatch_spin()}, xen/common/livepatch.c). Part of the trace: the host hashes each by its
 * canonical encoding, {@link RendezvousEventEncoding}.
 */
public sealed interface RendezvousEvent {

    /** Virtual time in nanoseconds. */
    long time();

    /** A quiesce phase of Xen's rendezvous. */
    enum Phase { CPU, IRQ }

    /** The requesting CPU reached its quiescence point and became master; the one deadline starts now. */
    record MasterElected(long time, int cpu, long deadline) implements RendezvousEvent {
    }

    /** The master signalled the {@code others} other CPUs (an IPI per CPU, effective at this boundary). */
    record IpiSent(long time, int others) implements RendezvousEvent {
    }

    /** A phase began (the CPU phase with the IPIs; the IRQ phase when all had arrived: {@code ready = 1}). */
    record PhaseStarted(long time, Phase phase) implements RendezvousEvent {
    }

    /** A signalled CPU reached its quiescence point and spins there, IRQs on ({@code atomic_inc(semaphore)}). */
    record Arrived(long time, int cpu) implements RendezvousEvent {
    }

    /**
     * An NMI on {@code cpu} was lost inside the window: {@code swallowed} by the mask ({@code mask_nmi_callback}
     * after {@code arch_livepatch_mask()}, xen/arch/x86/livepatch.c) or dropped because one was already latched.
     */
    record NmiLost(long time, int cpu, boolean swallowed) implements RendezvousEvent {
    }

    /** A held CPU disabled its interrupts ({@code local_irq_save}); for the master, just before the action. */
    record IrqsOff(long time, int cpu) implements RendezvousEvent {
    }

    /** The master ran the action with IRQs off everywhere ({@code livepatch_do_action()}). */
    record ActionDone(long time, String payload, String action) implements RendezvousEvent {
    }

    /** A phase timed out: {@code arrived} of {@code of} CPUs counted before the deadline. */
    record TimedOut(long time, Phase phase, int arrived, int of) implements RendezvousEvent {
    }

    /** Every CPU serialised and was released ({@code do_work = 0}). */
    record Released(long time) implements RendezvousEvent {
    }

    /** A store of the plan reached memory ({@code length} bytes at {@code address}); CPUs see it from now on. */
    record Stored(long time, long address, int length) implements RendezvousEvent {
    }

    /** A "sync all CPUs" round: IPIs sent at {@code started}, the last CPU serialised by {@code time}. */
    record SyncDone(long time, int round, long started) implements RendezvousEvent {
    }

    /** A stop_machine: every CPU stopped where it was (the last one at {@code time}). */
    record AllStopped(long time, int cpus) implements RendezvousEvent {
    }

    /** The stack check found a function being changed on a CPU's stack ({@code frame} 0 is the stopped PC). */
    record StackBusy(long time, int cpu, String function, int frame, long address) implements RendezvousEvent {
    }

    /** {@code cpu} switched to the new universe at its quiescence point (lazy.per-cpu). */
    record Switched(long time, int cpu) implements RendezvousEvent {
    }

    /** An NMI on {@code cpu} entered {@code function}, which the action changes, inside the window (kpatch abort). */
    record NmiInPatchedFunction(long time, int cpu, String function) implements RendezvousEvent {
    }

    /** An oracle's violation ended the run while this attempt was in progress (it never finished). */
    record RunEnded(long time, String oracle) implements RendezvousEvent {
    }

    /** The action was refused or aborted by the protocol itself, with the errno it set and why. */
    record Aborted(long time, int rc, String reason) implements RendezvousEvent {
    }

    /**
     * A write to a rendezvous word ({@link SharedWords}) on behalf of {@code cpu}: a plain store into its store
     * buffer ({@link Kind#STORE}, seen by {@code cpu} alone), a buffered store reaching memory
     * ({@link Kind#PUBLISHED}, seen by every CPU from {@code time}), or an atomic read-modify-write
     * ({@link Kind#ATOMIC}, in memory and seen by every CPU at {@code time}). {@code value} is what was written.
     */
    record WordWritten(long time, int cpu, String word, long value, Kind kind) implements RendezvousEvent {

        /** How a write is seen. */
        public enum Kind { STORE, PUBLISHED, ATOMIC }
    }
}
