package dev.quiesce.report;

import dev.quiesce.coordinator.oracle.Violation;

import java.util.List;

/**
 * The first message of a recorded trace: which run it is (enough to replay it) and what became of it.
 *
 * @param formatVersion the trace format version ({@link TraceCodec#FORMAT_VERSION})
 * @param scenario      the scenario's name
 * @param source        its file or built-in name, as given on the command line
 * @param sets          its {@code --set} overrides, in order
 * @param seed          the run seed
 * @param traceHash     SHA-256 of the host's trace (hex)
 * @param buildId       the guest image's build-id
 * @param cpus          the host's CPUs
 * @param endNs         the virtual time the run ended at
 * @param protocol      the protocol's name
 * @param replay        the command line that replays the run
 * @param events        how many events follow the header
 * @param attempts      every attempt of every action, in order ({@link TraceEvent.Rendezvous#attempt()} indexes it
 *                      from 1)
 * @param violations    the oracles' violations
 */
public record TraceHeader(int formatVersion, String scenario, String source, List<String> sets, long seed,
                          String traceHash, String buildId, int cpus, long endNs, String protocol, String replay,
                          long events, List<Attempt> attempts, List<Violation> violations) {

    public TraceHeader {
        sets = List.copyOf(sets);
        attempts = List.copyOf(attempts);
        violations = List.copyOf(violations);
    }

    /**
     * One attempt of an action, as {@link dev.quiesce.coordinator.ApplyOutcome} summarises it; times in virtual ns,
     * -1 where a step did not happen.
     */
    public record Attempt(String payload, String action, int attempt, String result, int rc, long issuedNs,
                          int master, long masterNs, long deadlineNs, long releasedNs) {
    }
}
