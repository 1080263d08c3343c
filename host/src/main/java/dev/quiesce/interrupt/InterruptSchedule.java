package dev.quiesce.interrupt;

import java.util.List;

/**
 * A CPU's merged interrupt arrivals: the earliest next arrival of all its sources, ties broken by
 * source order, so the sequence is a pure function of the seed.
 */
public final class InterruptSchedule {

    private List<InterruptSource> sources; // not final: a forked run adopts a candidate's schedule
    private long[] next;
    private long polled;

    public InterruptSchedule(List<InterruptSource> sources) {
        this.sources = List.copyOf(sources);
        this.next = new long[this.sources.size()];
        for (int i = 0; i < next.length; i++) {
            next[i] = this.sources.get(i).process().next();
        }
    }

    /** A schedule with no interrupts. */
    public static InterruptSchedule none() {
        return new InterruptSchedule(List.of());
    }

    /** The sources, in tie-break order. */
    public List<InterruptSource> sources() {
        return sources;
    }

    /** The time of the next arrival in picoseconds, or {@link Long#MAX_VALUE}. */
    public long peekTimePs() {
        long best = Long.MAX_VALUE;
        for (long t : next) {
            best = Math.min(best, t);
        }
        return best;
    }

    /** Removes and returns the next arrival; call only when {@link #peekTimePs()} is finite. */
    public Arrival poll() {
        int best = -1;
        for (int i = 0; i < next.length; i++) {
            if (best < 0 || next[i] < next[best]) {
                best = i;
            }
        }
        if (best < 0 || next[best] == Long.MAX_VALUE) {
            throw new IllegalStateException("no pending arrival");
        }
        InterruptSource s = sources.get(best);
        Arrival a = new Arrival(next[best], best, s.kind(), s.vector());
        next[best] = s.process().next();
        polled++;
        return a;
    }

    /** How many arrivals {@link #poll()} returned so far. */
    public long polled() {
        return polled;
    }

    /**
     * Takes over {@code other}'s sources and their state, after polling it as often as this schedule was polled: a
     * run forked at a quantum boundary continues with a candidate's schedule (the same sources plus injections that
     * all lie after the fork, docs/forking.md), which then stands exactly where a run of the candidate from the start
     * would stand.
     *
     * @throws IllegalArgumentException if {@code other} was polled already
     */
    public void adopt(InterruptSchedule other) {
        if (other.polled != 0) {
            throw new IllegalArgumentException("adopt a fresh schedule");
        }
        for (long i = 0; i < polled; i++) {
            other.poll();
        }
        this.sources = other.sources;
        this.next = other.next;
    }
}
