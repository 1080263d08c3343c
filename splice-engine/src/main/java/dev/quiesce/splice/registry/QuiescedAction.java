package dev.quiesce.splice.registry;

/**
 * The one outstanding patching action of a host, as the rendezvous sees it (Xen: {@code struct livepatch_work}
 * and the master's path through {@code check_for_livepatch_work()} in xen/common/livepatch.c). Exactly one of
 * two sequences happens: {@link #quiesced()} then {@link #released()}, or {@link #abort(String)}.
 */
public interface QuiescedAction {

    /** The payload acted on ({@code livepatch_work.data}). */
    String payload();

    /** APPLY, REVERT or REPLACE ({@code livepatch_work.cmd}). */
    Action action();

    /** The rendezvous deadline in ns: the caller's timeout, or 30 ms for 0 ({@code livepatch_work.timeout}). */
    long timeoutNs();

    /**
     * The functions the action would change, in the order it changes them (for REPLACE: the applied stack's,
     * reverted top down, then the new payload's); what a stack-checking protocol looks for.
     */
    default java.util.List<ActionSite> changing() {
        return java.util.List.of();
    }

    /**
     * Does the action with every CPU held and interrupts off ({@code livepatch_do_action()}): load, unload and
     * action hooks run here on the master; the payload's rc gets the outcome and the work is no longer
     * outstanding.
     */
    void quiesced();

    /**
     * After the other CPUs are released: the post-apply or post-revert hook, which sees the rc (none for
     * REPLACE). Only after {@link #quiesced()}.
     */
    void released();

    /**
     * The rendezvous timed out or the master could not take the CPU maps: rc = -EBUSY, nothing patched, and no
     * post hook runs although the pre hook did (Xen's {@code livepatch_spin()} abort path).
     *
     * @param reason what the master logged, e.g. "Timed out on semaphore in CPU quiesce phase 5/7"
     */
    void abort(String reason);
}
