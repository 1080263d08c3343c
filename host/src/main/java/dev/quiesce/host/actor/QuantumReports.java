package dev.quiesce.host.actor;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The barrier at the end of a quantum (or of its first stage): each CPU actor files its {@link CpuActor.QuantumDone}
 * here, and only the last one to report tells the host actor, once, instead of one message per CPU. The host reads
 * the reports in CPU order, so the order in which CPUs finished cannot show (docs/architecture.md §3 rule 4).
 *
 * <p>Memory visibility: a CPU files its report before its decrement of the count; the decrements form one release
 * sequence, so the last CPU sees every report, and its message to the host actor publishes them to the host.
 */
final class QuantumReports {

    private final CpuActor.QuantumDone[] reports;
    private final AtomicInteger missing = new AtomicInteger();
    private final Runnable allReported;

    /** Reports of up to {@code cpus} CPUs; {@code allReported} tells the host (called on the last CPU's thread). */
    QuantumReports(int cpus, Runnable allReported) {
        this.reports = new CpuActor.QuantumDone[cpus];
        this.allReported = allReported;
    }

    /** Starts collecting {@code n} reports; call before the {@code RunQuantum}s are sent. */
    void expect(int n) {
        java.util.Arrays.fill(reports, null);
        missing.set(n);
    }

    /** Files CPU {@code done.cpu()}'s report; the last of the expected reports tells the host. */
    void report(CpuActor.QuantumDone done) {
        reports[done.cpu()] = done;
        if (missing.decrementAndGet() == 0) {
            allReported.run();
        }
    }

    /** CPU {@code cpu}'s report (after the host was told). */
    CpuActor.QuantumDone of(int cpu) {
        return reports[cpu];
    }

    /** CPU {@code cpu}'s report of the quantum, {@code k} being 0: a quantum's reports read as a span's are. */
    CpuActor.QuantumDone of(int cpu, int k) {
        if (k != 0) {
            throw new IllegalArgumentException("a quantum's reports hold quantum 0 only, not " + k);
        }
        return reports[cpu];
    }
}
