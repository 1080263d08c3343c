package dev.quiesce.splice.registry;

/**
 * Runs an accepted APPLY, REVERT or REPLACE once every CPU of the host is quiesced (Xen: the tasklet that
 * {@code schedule_work()} queues and the rendezvous in {@code check_for_livepatch_work()},
 * xen/common/livepatch.c). The coordinator's rendezvous implements it; {@link ImmediateExecutor} is the interim
 * "all CPUs are already stopped" stand-in.
 */
public interface ActionExecutor {

    /**
     * Takes the one outstanding action. The executor later calls {@link QuiescedAction#quiesced()} then
     * {@link QuiescedAction#released()}, or {@link QuiescedAction#abort(String)} when the rendezvous fails. It is
     * called with the registry's lock held: it may run the action at once on this thread, or hand it on, but must
     * not wait for another thread to run it.
     */
    void schedule(QuiescedAction work);

    /**
     * Whether the CPU maps can be taken now ({@code get_cpu_maps()}); false models a CPU hotplug in progress,
     * which makes the action fail with -EBUSY after the payload's rc was already set to -EAGAIN.
     */
    default boolean cpuMapsAvailable() {
        return true;
    }
}
