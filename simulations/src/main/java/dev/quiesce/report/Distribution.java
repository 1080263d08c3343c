package dev.quiesce.report;

import dev.quiesce.coordinator.ApplyOutcome;
import dev.quiesce.scenario.ScenarioResult;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One measured quantity of a run, as the report charts it: its values in virtual nanoseconds and their percentiles.
 *
 * @param id       the chart's id in the report ({@code quiescence}, {@code barrier}, {@code irqs-off})
 * @param title    the chart's title
 * @param unit     what one value is ("CPU", "attempt"), for the y axis
 * @param about    one sentence on how it is measured
 * @param valuesNs the values, in the order the run produced them
 */
public record Distribution(String id, String title, String unit, String about, List<Long> valuesNs) {

    public Distribution {
        valuesNs = List.copyOf(valuesNs);
    }

    /**
     * The run's three distributions: each CPU's time to quiescence in each attempt (its arrival at its quiescence
     * point less the master's election), each attempt's barrier latency (hypercall to release) and each CPU's IRQs-off
     * pause in each attempt ({@code local_irq_save} to release).
     */
    public static List<Distribution> of(ScenarioResult r) {
        List<Long> quiescence = new ArrayList<>();
        List<Long> barrier = new ArrayList<>();
        List<Long> pause = new ArrayList<>();
        for (ApplyOutcome o : r.outcomes()) {
            for (int c = 0; c < o.arrivalNs().length; c++) {
                if (o.masterNs() >= 0 && c != o.master() && o.arrivalNs()[c] >= 0) {
                    quiescence.add(o.arrivalNs()[c] - o.masterNs());
                }
                if (o.irqsOffPauseNs(c) >= 0) {
                    pause.add(o.irqsOffPauseNs(c));
                }
            }
            if (o.timeToApplyNs() >= 0) {
                barrier.add(o.timeToApplyNs());
            }
        }
        return List.of(
                new Distribution("quiescence", "Time to quiescence", "CPU-attempts",
                        "Per CPU and attempt: its arrival at its quiescence point less the master's election.",
                        quiescence),
                new Distribution("barrier", "Barrier latency", "attempts",
                        "Per attempt: from the hypercall to the release of every CPU (time to apply).", barrier),
                new Distribution("irqs-off", "IRQs-off pause", "CPU-attempts",
                        "Per CPU and attempt: from its local_irq_save to the release.", pause));
    }

    /**
     * The values' percentiles (HdrHistogram, 3 significant digits), exact extremes and mean; all zero when there are
     * none.
     */
    public Stats stats() {
        Histogram h = new Histogram(3);
        for (long v : valuesNs) {
            h.recordValue(Math.max(0, v));
        }
        if (valuesNs.isEmpty()) {
            return new Stats(0, 0, 0, 0, 0, 0, 0);
        }
        long min = valuesNs.stream().mapToLong(Long::longValue).min().orElse(0);
        long max = valuesNs.stream().mapToLong(Long::longValue).max().orElse(0);
        double mean = valuesNs.stream().mapToLong(Long::longValue).average().orElse(0);
        return new Stats(valuesNs.size(), min, at(h, 50, min, max), at(h, 90, min, max), at(h, 99, min, max), max,
                Math.round(mean));
    }

    /** The histogram's {@code p}th percentile, kept within the exact extremes (its buckets are 0.1% wide). */
    private static long at(Histogram h, double p, long min, long max) {
        return Math.max(min, Math.min(max, h.getValueAtPercentile(p)));
    }

    /** The values in µs, for the charts. */
    double[] micros() {
        return valuesNs.stream().mapToDouble(v -> v / 1_000.0).toArray();
    }

    /** Count, extremes, percentiles and mean of a distribution, in ns. */
    public record Stats(long count, long minNs, long p50Ns, long p90Ns, long p99Ns, long maxNs, long meanNs) {

        /** The values as table cells: the count, then each as a duration (dashes when there are none). */
        List<String> cells() {
            if (count == 0) {
                return Arrays.asList("0", "—", "—", "—", "—", "—", "—");
            }
            return Arrays.asList(Long.toString(count), Html.duration(minNs), Html.duration(p50Ns),
                    Html.duration(p90Ns), Html.duration(p99Ns), Html.duration(maxNs), Html.duration(meanNs));
        }
    }
}
