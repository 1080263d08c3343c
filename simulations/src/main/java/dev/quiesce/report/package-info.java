/**
 * The files a run writes beside its text: the recorded event trace ({@code --record}, a protobuf stream read back by
 * {@link dev.quiesce.report.TraceCodec}), the self-contained HTML report ({@code --report}, {@link
 * dev.quiesce.report.RunReport}: a per-CPU timeline of the apply window, histograms and percentiles of the
 * quiescence, barrier and IRQs-off times, the summary), the Chrome/Perfetto trace-event export ({@code --perfetto},
 * {@link dev.quiesce.report.PerfettoExport}) and the sweep's report ({@link dev.quiesce.report.SweepReport}).
 * Everything here is plain logic over a finished {@link dev.quiesce.scenario.ScenarioResult}: the same run always
 * writes the same bytes.
 */
package dev.quiesce.report;
