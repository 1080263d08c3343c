package dev.quiesce.host.actor;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The barrier at the end of a quantum (or of its first stage, or of a batch of quanta run back to back): each CPU
 * actor files its {@link CpuActor.QuantumDone}s here (one per quantum it ran), and only the last one to report tells the host actor, once, instead of one message per CPU. The host reads
 * the reports in CPU order, so the order in which CPUs finished cannot show (docs/architecture.md §3 rule 4).
 *
 * <p>Memory visibility: a CPU files its report before its decrement of the count; the decrements form one release
 * sequence, so the last CPU sees every report, and its message to the host actor publishes them to the host.
 */
final class QuantumReports {

    private final CpuActor.QuantumDone[][] reports;
    private final AtomicInteger missing = new AtomicInteger();
    private final Runnable allReported;

    /** Reports of up to {@code cpus} CPUs; {@code allReported} tells the host (called on the last CPU's thread). */
    QuantumReports(int cpus, Runnable allReported) {
        this.reports = new CpuActor.QuantumDone[cpus][];
        this.allReported = allReported;
    }

    /** Starts collecting {@code n} reports; call before the {@code RunQuantum}s are sent. */
    void expect(int n) {
        java.util.Arrays.fill(reports, null);
        missing.set(n);
    }

    /** Files CPU {@code done.cpu()}'s report; the last of the expected reports tells the host. */
    void report(CpuActor.QuantumDone done) {
        report(done.cpu(), new CpuActor.QuantumDone[] {done});
    }

    /**
     * Files CPU {@code cpu}'s reports of a batch, one per quantum it ran (fewer than asked only when the last one is a
     * failure); the last of the expected CPUs tells the host.
     */
    void report(int cpu, CpuActor.QuantumDone[] done) {
        reports[cpu] = done;
        if (missing.decrementAndGet() == 0) {
            allReported.run();
        }
    }

    /** CPU {@code cpu}'s report of the quantum (or of a batch's first quantum), after the host was told. */
    CpuActor.QuantumDone of(int cpu) {
        return reports[cpu][0];
    }

    /** CPU {@code cpu}'s report of a batch's quantum {@code k}, or null if it failed before that quantum. */
    CpuActor.QuantumDone of(int cpu, int k) {
        CpuActor.QuantumDone[] r = reports[cpu];
        return k < r.length ? r[k] : null;
    }
}
