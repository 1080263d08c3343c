package dev.quiesce.cpu;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The latest {@link CpuSnapshot} of each CPU of a host: each CPU publishes its own at the start of every quantum
 * (from its actor's thread), the host's coordinator reads them at the next boundary, when no CPU runs.
 */
public final class CpuSnapshots {

    private final AtomicReferenceArray<CpuSnapshot> latest;

    /** An empty board for {@code cpus} CPUs. */
    public CpuSnapshots(int cpus) {
        this.latest = new AtomicReferenceArray<>(cpus);
    }

    /** The CPU count. */
    public int cpus() {
        return latest.length();
    }

    /** Replaces CPU {@code s.cpu()}'s snapshot. */
    public void publish(CpuSnapshot s) {
        latest.set(s.cpu(), s);
    }

    /** CPU {@code cpu}'s latest snapshot, or null before its first quantum (or if it could not be created). */
    public CpuSnapshot get(int cpu) {
        return latest.get(cpu);
    }
}
