package dev.quiesce.calibrate;

import dev.quiesce.cpu.CpuEvent;
import dev.quiesce.interrupt.InterruptKind;

import java.util.Arrays;
import java.util.List;

/**
 * What one emulated run's trace says about its workload: per CPU, the time between consecutive quiescence points
 * less the interrupt handlers that ran in between (so the gap is the CPU's own work; a modelled CPU adds its
 * handlers on top), IRQ and NMI handler durations (entry to the matching exit, nesting-aware: an NMI inside an IRQ
 * handler is its own sample and also part of the IRQ's), and IRQ and NMI arrivals (delivered, lost or swallowed).
 * Only events before {@code cutoffNs} count; a handler still running there is left out.
 *
 * @param gapsNs         quiescence gaps, sorted
 * @param irqDurationsNs IRQ handler durations, sorted
 * @param nmiDurationsNs NMI handler durations, sorted
 * @param irqArrivals    IRQ arrivals
 * @param nmiArrivals    NMI arrivals
 * @param cpuTimeNs      observed CPU time: CPUs x cutoff
 */
public record TraceSamples(long[] gapsNs, long[] irqDurationsNs, long[] nmiDurationsNs, long irqArrivals,
                           long nmiArrivals, long cpuTimeNs) {

    private static final int MAX_DEPTH = 32;

    /** The samples of {@code trace} (events in trace order) of a host of {@code cpus} CPUs, before {@code cutoffNs}. */
    public static TraceSamples of(List<CpuEvent> trace, int cpus, long cutoffNs) {
        Samples[] perCpu = new Samples[cpus];
        for (int c = 0; c < cpus; c++) {
            perCpu[c] = new Samples();
        }
        TraceSamples t = walk(trace, cutoffNs, perCpu);
        Samples gaps = new Samples();
        for (Samples s : perCpu) {
            gaps.addAll(s.values());
        }
        return new TraceSamples(gaps.sorted(), t.irqDurationsNs, t.nmiDurationsNs, t.irqArrivals, t.nmiArrivals,
                cpus * cutoffNs);
    }

    /** Per CPU, its quiescence gaps (handlers left out, as in {@link #of}) in the order they happened. */
    public static long[][] gapSequences(List<CpuEvent> trace, int cpus, long cutoffNs) {
        Samples[] perCpu = new Samples[cpus];
        for (int c = 0; c < cpus; c++) {
            perCpu[c] = new Samples();
        }
        walk(trace, cutoffNs, perCpu);
        long[][] out = new long[cpus][];
        for (int c = 0; c < cpus; c++) {
            out[c] = perCpu[c].values();
        }
        return out;
    }

    /** Walks the trace: gaps into {@code gaps[cpu]}, the rest into the result (whose gaps are empty). */
    private static TraceSamples walk(List<CpuEvent> trace, long cutoffNs, Samples[] gaps) {
        int cpus = gaps.length;
        Samples irq = new Samples();
        Samples nmi = new Samples();
        long[] lastQp = new long[cpus];
        long[] handlersSinceQp = new long[cpus];
        long[][] entryNs = new long[cpus][MAX_DEPTH];
        InterruptKind[][] kinds = new InterruptKind[cpus][MAX_DEPTH];
        int[] depth = new int[cpus];
        Arrays.fill(lastQp, -1);
        long irqs = 0;
        long nmis = 0;
        for (CpuEvent e : trace) {
            if (e.time() >= cutoffNs) {
                continue;
            }
            int c = e.cpu();
            switch (e) {
                case CpuEvent.Quiescence q -> {
                    if (lastQp[c] >= 0) {
                        gaps[c].add(Math.max(0, q.time() - lastQp[c] - handlersSinceQp[c]));
                    }
                    lastQp[c] = q.time();
                    handlersSinceQp[c] = 0;
                }
                case CpuEvent.InterruptEntry in -> {
                    if (in.kind() == InterruptKind.IRQ) {
                        irqs++;
                    } else {
                        nmis++;
                    }
                    if (depth[c] < MAX_DEPTH) {
                        entryNs[c][depth[c]] = in.time();
                        kinds[c][depth[c]] = in.kind();
                    }
                    depth[c]++;
                }
                case CpuEvent.InterruptExit out -> {
                    if (depth[c] == 0) {
                        break; // entered before the trace began
                    }
                    depth[c]--;
                    if (depth[c] < MAX_DEPTH && kinds[c][depth[c]] == out.kind()) {
                        long d = out.time() - entryNs[c][depth[c]];
                        (out.kind() == InterruptKind.IRQ ? irq : nmi).add(d);
                        if (depth[c] == 0) {
                            handlersSinceQp[c] += d;
                        }
                    }
                }
                case CpuEvent.InterruptLost l -> {
                    if (l.kind() == InterruptKind.IRQ) {
                        irqs++;
                    } else {
                        nmis++;
                    }
                }
                case CpuEvent.NmiSwallowed s -> nmis++;
                default -> { }
            }
        }
        return new TraceSamples(new long[0], irq.sorted(), nmi.sorted(), irqs, nmis, cpus * cutoffNs);
    }

    /** A growable array of longs. */
    static final class Samples {
        private long[] a = new long[1024];
        private int n;

        void add(long v) {
            if (n == a.length) {
                a = Arrays.copyOf(a, n * 2);
            }
            a[n++] = v;
        }

        void addAll(long[] values) {
            for (long v : values) {
                add(v);
            }
        }

        long[] values() {
            return Arrays.copyOf(a, n);
        }

        long[] sorted() {
            long[] s = values();
            Arrays.sort(s);
            return s;
        }
    }
}
