package dev.quiesce.hunt;

import dev.quiesce.sim.SuppressForbidden;

/**
 * The real clock of the machine running a hunt or a shrink, read only to print executions per second.
 */
@SuppressForbidden("executions per second of a hunt: wall-clock time for display only, never a decision")
final class WallClock {

    private WallClock() {
    }

    /** Nanoseconds of a monotonic real clock. */
    static long nanos() {
        return System.nanoTime();
    }
}
