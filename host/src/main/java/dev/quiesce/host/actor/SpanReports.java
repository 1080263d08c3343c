package dev.quiesce.host.actor;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.ObjIntConsumer;

/**
 * The reports of one span of quanta that the CPUs run without a barrier while the host's quantum hook stays quiet
 * (docs/architecture.md §3 rule 8): each CPU files its {@link CpuActor.QuantumDone}s here a chunk at a time, and the
 * CPU whose filing completes a quantum — every CPU has reported it — tells the host the highest quantum it completed,
 * so the host consumes quanta while the CPUs run on. Quanta complete in order: a CPU files its own in order, so when
 * every CPU has filed quantum {@code k + 1}, each filed {@code k} before.
 *
 * <p>Memory visibility: a report is stored before the count of its quantum is incremented (a full fence), and the host
 * learns of a completed quantum by a message sent after that increment.
 */
final class SpanReports {

    private final int cpus;
    private final CpuActor.QuantumDone[][] done;
    private final AtomicIntegerArray filed;
    private final ObjIntConsumer<SpanReports> completed;

    /** The reports of {@code quanta} quanta of {@code cpus} CPUs; {@code completed} hears a CPU thread complete one. */
    SpanReports(int cpus, int quanta, ObjIntConsumer<SpanReports> completed) {
        this.cpus = cpus;
        this.done = new CpuActor.QuantumDone[cpus][quanta];
        this.filed = new AtomicIntegerArray(quanta);
        this.completed = completed;
    }

    /**
     * Files CPU {@code cpu}'s reports of quanta {@code from .. from + n - 1} ({@code reports[0 .. n - 1]}); tells the
     * host if that completed a quantum.
     */
    void file(int cpu, int from, CpuActor.QuantumDone[] reports, int n) {
        int last = -1;
        for (int i = 0; i < n; i++) {
            done[cpu][from + i] = reports[i];
            if (filed.incrementAndGet(from + i) == cpus) {
                last = from + i;
            }
        }
        if (last >= 0) {
            completed.accept(this, last);
        }
    }

    /** CPU {@code cpu}'s report of quantum {@code k} (once the host was told that {@code k} is complete). */
    CpuActor.QuantumDone of(int cpu, int k) {
        return done[cpu][k];
    }
}
