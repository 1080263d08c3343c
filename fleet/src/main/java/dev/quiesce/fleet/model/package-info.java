/**
 * Modelled CPUs and hosts: CPUs without an emulator that produce the same events as emulated ones (quiescence
 * points, IRQ and NMI entry and exit, IRQs off) from empirical distributions calibrated on emulated runs, and
 * a host that runs the unchanged rendezvous protocols over them. {@link dev.quiesce.fleet.model.FleetModel} and
 * {@link dev.quiesce.fleet.model.ModelCodec}: the model file ({@code quiesce calibrate}'s output), one CpuModel per
 * workload class.
 */
package dev.quiesce.fleet.model;
