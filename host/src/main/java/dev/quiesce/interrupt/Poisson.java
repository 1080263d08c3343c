package dev.quiesce.interrupt;

import dev.quiesce.random.DetRandom;

/**
 * A Poisson process (device interrupts, NMIs): exponential inter-arrival times with a given rate.
 */
public final class Poisson implements ArrivalProcess {

    private final double ratePerMs;
    private final double meanPs;
    private final DetRandom random;
    private long nowPs;

    /** A process with {@code ratePerMs} arrivals per millisecond of virtual time; 0 = never. */
    public Poisson(double ratePerMs, DetRandom random) {
        if (!(ratePerMs >= 0) || Double.isInfinite(ratePerMs)) {
            throw new IllegalArgumentException("rate must be a finite number >= 0: " + ratePerMs);
        }
        this.ratePerMs = ratePerMs;
        this.meanPs = ratePerMs == 0 ? 0 : 1e9 / ratePerMs;
        this.random = random;
    }

    @Override
    public String name() {
        return "poisson(" + ratePerMs + "/ms)";
    }

    @Override
    public long next() {
        if (ratePerMs == 0 || nowPs == Long.MAX_VALUE) {
            return Long.MAX_VALUE;
        }
        long gap = Math.max(1L, (long) Math.ceil(random.nextExponential(meanPs)));
        nowPs = nowPs > Long.MAX_VALUE - gap ? Long.MAX_VALUE : nowPs + gap;
        return nowPs;
    }
}
