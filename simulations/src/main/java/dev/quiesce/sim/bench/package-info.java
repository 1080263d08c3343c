/**
 * Macro benchmarks that compare the simulator with its baseline in the same process
 * ({@code quiesce bench emulation}, {@code quiesce bench memory}). The only main code allowed to
 * read the wall clock besides the CLI's progress display.
 */
package dev.quiesce.sim.bench;
