/**
 * Simulation support shared by the command line and the benchmarks.
 */
package dev.quiesce.sim;
