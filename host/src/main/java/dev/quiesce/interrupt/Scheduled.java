package dev.quiesce.interrupt;

import java.util.Arrays;

/**
 * Arrivals at given instants (a hunt's injected NMI between two stores of a plan, a deadline minus epsilon):
 * not random, so a search can place an interrupt exactly and a replay puts it there again.
 */
public final class Scheduled implements ArrivalProcess {

    private final long[] timesPs;
    private int next;

    /** Arrivals at {@code timesNs} (any order; duplicates kept). */
    public Scheduled(long[] timesNs) {
        this.timesPs = Arrays.stream(timesNs).map(t -> t * 1000).sorted().toArray();
    }

    @Override
    public String name() {
        return "scheduled(" + timesPs.length + ")";
    }

    @Override
    public long next() {
        return next < timesPs.length ? timesPs[next++] : Long.MAX_VALUE;
    }
}
