package dev.quiesce.fleet.model;

import java.util.Objects;

/**
 * What a modelled CPU of one workload class does, as calibrated from emulated runs: the time between two quiescence
 * points, IRQ arrivals and handler durations, NMI arrivals and handler durations, and how long one iteration of a
 * straggler's non-preemptible work takes on it.
 *
 * @param workloadClass   the class's name (e.g. the scenario it was calibrated on)
 * @param quiescenceGapNs time between two quiescence points outside interrupt handlers
 * @param irqRatePerMs    IRQ arrivals per ms (Poisson)
 * @param irqDurationNs   IRQ handler durations
 * @param nmiRatePerMs    NMI arrivals per ms (Poisson)
 * @param nmiDurationNs   NMI handler durations
 * @param stallNsPerIteration virtual ns per iteration of a straggler's {@code do_long_work} (1.25 on an emulated
 *                        host at 250 ps per instruction; measured by calibration)
 */
public record CpuModel(String workloadClass, Empirical quiescenceGapNs, double irqRatePerMs, Empirical irqDurationNs,
                       double nmiRatePerMs, Empirical nmiDurationNs, double stallNsPerIteration) {

    /** A straggler's iteration cost when none was measured: 1 ns, as scenario files describe it. */
    public static final double DEFAULT_STALL_NS_PER_ITERATION = 1.0;

    /** A model whose stragglers take {@value #DEFAULT_STALL_NS_PER_ITERATION} ns per iteration. */
    public CpuModel(String workloadClass, Empirical quiescenceGapNs, double irqRatePerMs, Empirical irqDurationNs,
                    double nmiRatePerMs, Empirical nmiDurationNs) {
        this(workloadClass, quiescenceGapNs, irqRatePerMs, irqDurationNs, nmiRatePerMs, nmiDurationNs,
                DEFAULT_STALL_NS_PER_ITERATION);
    }

    /** The largest IRQ or NMI rate, per ms per CPU: the bound of the inline keys {@code irq-rate-per-ms}. */
    public static final double MAX_RATE_PER_MS = 10_000;

    /** The largest cost of one iteration of non-preemptible work, in ns (a millisecond). */
    public static final double MAX_STALL_NS_PER_ITERATION = 1_000_000;

    public CpuModel {
        Objects.requireNonNull(workloadClass, "workloadClass");
        Objects.requireNonNull(quiescenceGapNs, "quiescenceGapNs");
        Objects.requireNonNull(irqDurationNs, "irqDurationNs");
        Objects.requireNonNull(nmiDurationNs, "nmiDurationNs");
        if (!(irqRatePerMs >= 0 && irqRatePerMs <= MAX_RATE_PER_MS && nmiRatePerMs >= 0
                && nmiRatePerMs <= MAX_RATE_PER_MS)) {
            throw new IllegalArgumentException("rates must be 0.." + (int) MAX_RATE_PER_MS + " per ms, as inline");
        }
        if (!(stallNsPerIteration > 0 && stallNsPerIteration <= MAX_STALL_NS_PER_ITERATION)) {
            throw new IllegalArgumentException("stallNsPerIteration must be a number in (0, "
                    + (long) MAX_STALL_NS_PER_ITERATION + "], not " + stallNsPerIteration);
        }
    }
}
