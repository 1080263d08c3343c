package dev.quiesce.scenario;

/**
 * The rule that shares a runner's threads among the runs it has in flight: a sweep or hunt on {@code threads}
 * threads that runs {@code inFlight} host runs side by side gives each run {@code threads / inFlight} threads for
 * its CPUs (at least 1, at most the scenario's own {@code threads}). Each run's CPUs would otherwise get the
 * scenario's dispatcher threads on top of the runner's: on a 2-core machine a 2-worker sweep ran six threads, and
 * every quantum's hand-offs between them cost more than the quantum (docs/benchmarks.md, "Forked hunts and
 * sweeps"). The trace hash does not depend on a run's threads (docs/architecture.md §3), so neither do the rows.
 */
public final class RunThreads {

    private RunThreads() {
    }

    /** The threads one of {@code inFlight} side-by-side runs gets from {@code threads}, at most {@code own}. */
    public static int perRun(int threads, int inFlight, int own) {
        if (threads < 1 || inFlight < 1 || own < 1) {
            throw new IllegalArgumentException("threads, runs in flight and a run's own threads must be >= 1");
        }
        return Math.max(1, Math.min(own, threads / inFlight));
    }
}
