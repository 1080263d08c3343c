/**
 * One simulated host: its settings, its booted guest memory and image, and the lockstep that
 * advances its CPUs quantum by quantum and turns their events into a trace and a report.
 */
package dev.quiesce.host;
