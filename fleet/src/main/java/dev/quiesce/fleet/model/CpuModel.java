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

    public CpuModel {
        Objects.requireNonNull(workloadClass, "workloadClass");
        Objects.requireNonNull(quiescenceGapNs, "quiescenceGapNs");
        Objects.requireNonNull(irqDurationNs, "irqDurationNs");
        Objects.requireNonNull(nmiDurationNs, "nmiDurationNs");
        if (irqRatePerMs < 0 || nmiRatePerMs < 0) {
            throw new IllegalArgumentException("rates must not be negative");
        }
        if (!(stallNsPerIteration > 0) || Double.isInfinite(stallNsPerIteration)) {
            throw new IllegalArgumentException("stallNsPerIteration must be a positive number, not "
                    + stallNsPerIteration);
        }
    }
}
