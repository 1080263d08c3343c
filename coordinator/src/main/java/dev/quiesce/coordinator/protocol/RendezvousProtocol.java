package dev.quiesce.coordinator.protocol;

import dev.quiesce.cpu.CpuEvent;
import dev.quiesce.host.QuantumHook;
import dev.quiesce.splice.registry.QuiescedAction;

import java.util.List;

/**
 * A way of getting a host's CPUs out of the way of a patch — the plug-in point of the coordinator (Xen's is
 * the rendezvous of {@code do_livepatch_work()}, xen/common/livepatch.c). A plain state machine: it is given
 * an accepted action, then fed every quantum's events in trace order, and answers with CPU commands that take
 * effect at the next quantum boundary, so it is deterministic and testable without actors.
 */
public interface RendezvousProtocol {

    /** The name it is registered under ({@link ProtocolSpec#name()}). */
    String name();

    /**
     * Takes the registry's accepted action at boundary {@code nowNs}; {@code requester} is the CPU that made
     * the hypercall. Exactly one of {@link QuiescedAction#quiesced()} + {@link QuiescedAction#released()} or
     * {@link QuiescedAction#abort(String)} is called later, from {@link #onQuantum}.
     *
     * @throws IllegalStateException if an action is already in progress
     */
    void start(QuiescedAction action, int requester, long nowNs);

    /**
     * As {@link #start(QuiescedAction, int, long)}, with the NMI policy of the window; protocols without a
     * window (or without an NMI mask) ignore it.
     */
    default void start(QuiescedAction action, int requester, long nowNs, NmiPolicy nmi) {
        start(action, requester, nowNs);
    }

    /**
     * Consumes one quantum: {@code events} sorted by {@code (time, cpu, seq)}, {@code nowNs} the boundary.
     * Commands go to {@code out}; the protocol's own steps are appended to {@code emitted} in order.
     */
    void onQuantum(long nowNs, List<CpuEvent> events, QuantumHook.Controls out, List<RendezvousEvent> emitted);

    /** Whether an action is in progress. */
    boolean busy();

    /**
     * Whether CPUs are still in the protocol's spin loops after its action ended (they leave when they read the
     * release in the rendezvous words, {@link SharedWords}): the host keeps feeding it quanta, issues no new action
     * and does not settle while it is; the action's end is when {@link #busy()} fell. Never, by default.
     */
    default boolean lingering() {
        return false;
    }

    /**
     * The code ranges the protocol needs reported as {@link CpuEvent.Probe}s during the next quantum (kpatch's
     * NMI check); none by default. Asked at every boundary.
     */
    default List<dev.quiesce.host.HostProbes.Range> probes() {
        return List.of();
    }

    /**
     * The next virtual time at which the protocol acts even if no CPU event arrives (a deadline), or
     * {@link Long#MAX_VALUE}; a host that skips empty quanta must not skip past it.
     */
    default long nextDeadlineNs() {
        return Long.MAX_VALUE;
    }

    /** The store plan in flight, if any (what {@code NoTornFetch} watches). */
    default java.util.Optional<dev.quiesce.coordinator.plan.StagedPlan> inFlight() {
        return java.util.Optional.empty();
    }
}
