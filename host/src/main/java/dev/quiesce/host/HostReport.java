package dev.quiesce.host;

import java.util.List;

/**
 * The outcome of running one host: per-CPU summaries and the trace hash.
 *
 * @param seed       the run seed
 * @param durationNs virtual time simulated
 * @param quantumNs  the lockstep quantum
 * @param buildId    the guest image's build-id
 * @param cpus       one summary per CPU, by id
 * @param events     events in the trace
 * @param traceHash  SHA-256 of the trace (hex)
 */
public record HostReport(long seed, long durationNs, long quantumNs, String buildId, List<CpuSummary> cpus,
                         long events, String traceHash) {
}
