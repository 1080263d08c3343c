package dev.quiesce.interrupt;

import dev.quiesce.random.DetRandom;
import dev.quiesce.time.SimTime;

/**
 * An interrupt storm: bursts start as a Poisson process; each burst is {@code length} arrivals
 * {@code spacing} apart (a NIC flooding one CPU, a misbehaving device).
 */
public final class Burst implements ArrivalProcess {

    private final Poisson starts;
    private final int length;
    private final long spacingPs;
    private long burstStartPs = -1;
    private int emitted;

    public Burst(double burstsPerMs, int length, long spacingNs, DetRandom random) {
        if (length <= 0 || spacingNs <= 0) {
            throw new IllegalArgumentException("storm length and spacing must be positive");
        }
        this.starts = new Poisson(burstsPerMs, random);
        this.length = length;
        this.spacingPs = spacingNs * 1000;
    }

    @Override
    public String name() {
        return "storm(" + length + " every " + SimTime.format(spacingPs / 1000) + ")";
    }

    @Override
    public long next() {
        if (burstStartPs < 0 || emitted == length) {
            long start = starts.next();
            if (start == Long.MAX_VALUE) {
                return Long.MAX_VALUE;
            }
            // a new burst never starts before the previous one ended
            long previousEnd = burstStartPs < 0 ? 0 : burstStartPs + (long) (length - 1) * spacingPs + 1;
            burstStartPs = Math.max(start, previousEnd);
            emitted = 0;
        }
        return burstStartPs + (long) emitted++ * spacingPs;
    }
}
