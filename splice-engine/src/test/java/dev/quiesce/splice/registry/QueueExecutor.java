package dev.quiesce.splice.registry;

import java.util.Optional;

/**
 * An executor that holds the scheduled action until the test runs it ({@link #run}) or times it out
 * ({@link #timeOut}), as a rendezvous that has not happened yet; it can also report the CPU maps busy.
 */
final class QueueExecutor implements ActionExecutor {

    private QuiescedAction pending;
    boolean cpuMapsBusy;

    @Override
    public void schedule(QuiescedAction work) {
        if (pending != null) {
            throw new IllegalStateException("the registry scheduled a second action while one is outstanding");
        }
        pending = work;
    }

    @Override
    public boolean cpuMapsAvailable() {
        return !cpuMapsBusy;
    }

    Optional<QuiescedAction> pending() {
        return Optional.ofNullable(pending);
    }

    /** Runs the held action as a successful rendezvous would; false when none is held. */
    boolean run() {
        QuiescedAction w = take();
        if (w == null) {
            return false;
        }
        w.quiesced();
        w.released();
        return true;
    }

    /** Aborts the held action as a rendezvous timeout would; false when none is held. */
    boolean timeOut() {
        QuiescedAction w = take();
        if (w == null) {
            return false;
        }
        w.abort("Timed out on semaphore in CPU quiesce phase 0/1");
        return true;
    }

    private QuiescedAction take() {
        QuiescedAction w = pending;
        pending = null;
        return w;
    }
}
