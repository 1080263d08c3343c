package dev.quiesce.fleet.model;

import java.util.Objects;

/**
 * What a modelled CPU of one workload class does, as calibrated from emulated runs: the time between two quiescence
 * points, IRQ arrivals and handler durations, NMI arrivals and handler durations.
 *
 * @param workloadClass   the class's name (e.g. the scenario it was calibrated on)
 * @param quiescenceGapNs time between two quiescence points outside interrupt handlers
 * @param irqRatePerMs    IRQ arrivals per ms (Poisson)
 * @param irqDurationNs   IRQ handler durations
 * @param nmiRatePerMs    NMI arrivals per ms (Poisson)
 * @param nmiDurationNs   NMI handler durations
 */
public record CpuModel(String workloadClass, Empirical quiescenceGapNs, double irqRatePerMs, Empirical irqDurationNs,
                       double nmiRatePerMs, Empirical nmiDurationNs) {

    public CpuModel {
        Objects.requireNonNull(workloadClass, "workloadClass");
        Objects.requireNonNull(quiescenceGapNs, "quiescenceGapNs");
        Objects.requireNonNull(irqDurationNs, "irqDurationNs");
        Objects.requireNonNull(nmiDurationNs, "nmiDurationNs");
        if (irqRatePerMs < 0 || nmiRatePerMs < 0) {
            throw new IllegalArgumentException("rates must not be negative");
        }
    }
}
