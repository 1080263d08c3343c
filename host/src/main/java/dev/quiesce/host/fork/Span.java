package dev.quiesce.host.fork;

import dev.quiesce.cpu.Cpu;
import dev.quiesce.cpu.CpuControl;
import dev.quiesce.cpu.CpuEvent;
import dev.quiesce.host.HostLockstep;
import dev.quiesce.host.QuantumHook;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * A span of quanta run by a {@link SteppedHost} without a barrier between them (docs/architecture.md §3 rule 8): each
 * CPU takes its commands at the span's first boundary, then runs every quantum of the span back to back, each begun
 * and reported as if alone; then the host consumes the quanta in order, each as after a barrier (its CPUs' reports,
 * then the hook). A CPU that fails stops its span there, and its failure surfaces when the host reaches that quantum
 * (the lowest CPU's first), as a barrier after every quantum would have shown it, or never if the run ended before.
 */
final class Span {

    private Span() {
    }

    /** Runs the quanta ending at {@code ends} (the first already begun in {@code lockstep}) and consumes them. */
    static void run(long[] ends, Cpu[] cpus, QuantumHook.Controls controls,
                    Runner runner, HostLockstep lockstep, QuantumHook hook) {
        int n = ends.length;
        List<List<CpuControl>> commands = new ArrayList<>();
        for (int i = 0; i < cpus.length; i++) {
            commands.add(controls.take(i));
        }
        List<List<CpuEvent>>[] events = newLists(cpus.length);
        long[][] retired = new long[cpus.length][n];
        RuntimeException[] failure = new RuntimeException[cpus.length];
        int[] failedAt = new int[cpus.length];
        java.util.Arrays.fill(failedAt, n);
        runner.runAll(cpus.length, i -> {
            Cpu c = cpus[i];
            List<List<CpuEvent>> mine = new ArrayList<>(n);
            try {
                for (int k = 0; k < n; k++) {
                    if (k == 0) {
                        for (CpuControl control : commands.get(i)) {
                            c.control(control);
                        }
                    }
                    c.begin();
                    List<CpuEvent> quantum = new ArrayList<>();
                    c.runTo(ends[k], quantum, false);
                    mine.add(quantum);
                    retired[i][k] = c.retired();
                }
            } catch (RuntimeException e) {
                failure[i] = e;
                failedAt[i] = mine.size();
            }
            events[i] = mine;
            return null;
        });
        for (int k = 0; k < n; k++) {
            if (k > 0 && lockstep.beginQuantum() != ends[k]) {
                throw new IllegalStateException("internal: a span's quantum " + k + " does not end at " + ends[k] + "ns");
            }
            for (int i = 0; i < cpus.length; i++) {
                if (failedAt[i] == k) {
                    throw failure[i];
                }
            }
            for (int i = 0; i < cpus.length; i++) {
                lockstep.accept(i, events[i].get(k), retired[i][k]);
            }
            hook.afterQuantum(lockstep.nowNs(), lockstep.quantumEvents(), lockstep, controls);
            if (lockstep.finished()) {
                return;
            }
            if (k < n - 1 && !controls.isEmpty()) {
                throw new IllegalStateException(QuantumHook.actedInsideItsSpan(hook, lockstep.nowNs()));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static List<List<CpuEvent>>[] newLists(int n) {
        return (List<List<CpuEvent>>[]) new List<?>[n];
    }

    /** Runs {@code n} CPUs' parts, side by side or one after another ({@link SteppedHost#runAll}). */
    interface Runner {
        SteppedHost.Stage[] runAll(int n, IntFunction<SteppedHost.Stage> part);
    }
}
