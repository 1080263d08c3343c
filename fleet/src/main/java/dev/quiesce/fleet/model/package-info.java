/**
 * Modelled CPUs and hosts: CPUs without an emulator that produce the same events as emulated ones (quiescence
 * points, IRQ and NMI entry and exit, IRQs off) from empirical distributions calibrated on emulated runs, and
 * a host that runs the unchanged rendezvous protocols over them.
 */
package dev.quiesce.fleet.model;
