package dev.quiesce.calibrate;

import dev.quiesce.fleet.model.CpuModel;

/**
 * A calibrated workload class and what it rests on.
 *
 * @param model       the class's CPU model (distributions thinned to the plan's maximum)
 * @param commandLine the command line that calibrated it
 * @param runs        emulated runs
 * @param cpuTimeNs   observed CPU time over all runs (CPUs x duration x runs)
 * @param gaps        quiescence gaps observed (before thinning)
 * @param irqs        IRQ handler runs observed
 * @param nmis        NMI handler runs observed
 */
public record Calibration(CpuModel model, String commandLine, int runs, long cpuTimeNs, long gaps, long irqs,
                          long nmis) {
}
