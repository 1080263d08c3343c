package dev.quiesce.cpu;

import java.util.List;

/**
 * The event stream of one {@link Cpu}: the list its events go to during a run, and their per-CPU sequence numbers,
 * handed out in the order the events happen (the {@code seq} of the trace's {@code (time, cpu, seq)} order).
 */
final class CpuEventLog {

    private final int cpu;
    private long seq;
    private List<CpuEvent> sink;

    /** The stream of CPU {@code cpu}, numbered from 0. */
    CpuEventLog(int cpu) {
        this.cpu = cpu;
    }

    /** The CPU whose events these are. */
    int cpu() {
        return cpu;
    }

    /** The next sequence number. */
    long next() {
        return seq++;
    }

    /** A run starts: its events go to {@code out}. */
    void open(List<CpuEvent> out) {
        sink = out;
    }

    /** The run ended. */
    void close() {
        sink = null;
    }

    /** Appends {@code e} to the run's events. */
    void add(CpuEvent e) {
        sink.add(e);
    }
}
