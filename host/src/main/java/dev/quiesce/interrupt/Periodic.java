package dev.quiesce.interrupt;

import dev.quiesce.random.DetRandom;
import dev.quiesce.time.SimTime;

/**
 * A periodic source (a local APIC timer): one arrival every {@code period}, with a seeded phase in
 * {@code [0, period)} so that CPUs do not tick in lockstep.
 */
public final class Periodic implements ArrivalProcess {

    private final long periodPs;
    private long nextPs;

    public Periodic(long periodNs, DetRandom random) {
        if (periodNs <= 0) {
            throw new IllegalArgumentException("timer period must be positive");
        }
        this.periodPs = periodNs * 1000;
        this.nextPs = random.nextLong(periodPs);
    }

    @Override
    public String name() {
        return "periodic(" + SimTime.format(periodPs / 1000) + ")";
    }

    @Override
    public long next() {
        long t = nextPs;
        nextPs += periodPs;
        return t;
    }
}
