package dev.quiesce.fleetsim;

import dev.quiesce.sim.SuppressForbidden;

/**
 * The real world's clock, for the fleet benchmark's wall times only; never a result of a rollout.
 */
@SuppressForbidden("the fleet benchmark measures wall-clock time; no rollout result depends on it")
final class BenchClock {

    private BenchClock() {
    }

    /** Monotonic wall-clock nanoseconds ({@code System.nanoTime()}). */
    static long nanos() {
        return System.nanoTime();
    }
}
