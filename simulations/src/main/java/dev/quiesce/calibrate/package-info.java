/**
 * Calibration: runs a scenario's emulated host over many seeds (its actions, stragglers and injected interrupts
 * dropped, so the CPUs only do their workload) and fits the workload class's {@link dev.quiesce.fleet.model.CpuModel}
 * from the traces — the empirical distributions of time between quiescence points and of IRQ and NMI handler
 * durations, and the IRQ and NMI arrival rates — for modelled hosts ({@code quiesce calibrate}).
 */
package dev.quiesce.calibrate;
