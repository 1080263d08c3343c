package dev.quiesce.sweep;

import dev.quiesce.sim.SuppressForbidden;

/**
 * The real world's clock, for the sweep's progress display (ETA) and throughput line only; never a result.
 */
@SuppressForbidden("progress, ETA and throughput of a sweep are shown in wall-clock time; no result depends on it")
public final class WallClock {

    private WallClock() {
    }

    /** Monotonic wall-clock nanoseconds ({@code System.nanoTime()}). */
    public static long nanos() {
        return System.nanoTime();
    }
}
