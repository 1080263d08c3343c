/**
 * Parameter sweeps ({@code quiesce sweep}): the cross product of {@code --vary} values over a range of seeds, run in
 * parallel ({@link dev.quiesce.sweep.SweepRunner}) but aggregated in (point, seed) order so that the results do not
 * depend on the thread count; per-point statistics with HdrHistogram ({@link dev.quiesce.sweep.PointStats}), the
 * Pareto front of success rate vs. p99 IRQs-off pause ({@link dev.quiesce.sweep.Pareto}) and the table, CSV and
 * JSON forms ({@link dev.quiesce.report.SweepTable}). Plain logic: the picocli command is
 * {@code dev.quiesce.cli.SweepCommand}.
 */
package dev.quiesce.sweep;
