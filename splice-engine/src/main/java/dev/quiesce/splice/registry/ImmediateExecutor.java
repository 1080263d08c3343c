package dev.quiesce.splice.registry;

/**
 * The interim executor: the host's CPUs are taken as already stopped, so an accepted action runs at once, inside
 * {@link #schedule}, quiesced then released. The coordinator's rendezvous replaces it (Xen's real path is the
 * tasklet and the two-phase rendezvous in {@code check_for_livepatch_work()}, xen/common/livepatch.c).
 */
public final class ImmediateExecutor implements ActionExecutor {

    /** The one instance; it holds no state. */
    public static final ImmediateExecutor INSTANCE = new ImmediateExecutor();

    private ImmediateExecutor() {
    }

    @Override
    public void schedule(QuiescedAction work) {
        work.quiesced();
        work.released();
    }
}
