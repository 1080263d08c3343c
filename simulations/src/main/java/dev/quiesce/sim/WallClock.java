package dev.quiesce.sim;

import dev.quiesce.time.SuppressForbidden;

/**
 * The real world's clock, for progress displays (ETA), throughput lines and benchmarks only; no simulation result
 * ever depends on it (docs/architecture.md §3).
 */
@SuppressForbidden("progress, ETA, throughput and benchmarks are shown in wall-clock time; no result depends on it")
public final class WallClock {

    private WallClock() {
    }

    /** Monotonic wall-clock nanoseconds. */
    public static long nanos() {
        return System.nanoTime(); // forbidden-ok: display and benchmark timing only
    }
}
