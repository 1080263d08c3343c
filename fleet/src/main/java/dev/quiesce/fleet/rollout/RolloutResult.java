package dev.quiesce.fleet.rollout;

import java.util.List;
import java.util.SortedMap;

/**
 * What a rollout came to: its waves (rollout, then any rollback), whether and why it halted, hosts patched and left
 * unpatched, the virtual time to patch the whole fleet, failure rates by host group, an example failure per cause,
 * and the fleet trace hash (SHA-256 of the wave decisions and per-host outcomes in host-id order).
 *
 * @param hosts          hosts in the fleet
 * @param waves          the waves, in the order run
 * @param halted         whether a halt condition stopped the rollout
 * @param haltReason     why (empty when it did not halt)
 * @param patched        hosts with the whole payload stack applied at the end
 * @param unpatched      the other hosts
 * @param fleetTimeNs    virtual time until the last rollout wave's slowest host finished when every host got
 *                       patched, else -1
 * @param endNs          virtual time until everything ended (rollback included)
 * @param rolledBack     hosts whose every applied payload was reverted
 * @param rollbackFailed hosts a revert failed on (still patched, at least partly)
 * @param byGroup        rollout attempts and failures by host group (e.g. CPU count), in key order
 * @param examples       the first failed host of each cause (rollout, then rollback), in that order
 * @param traceHash      the fleet trace hash, 64 hex digits
 */
public record RolloutResult(int hosts, List<WaveReport> waves, boolean halted, String haltReason, int patched,
                            int unpatched, long fleetTimeNs, long endNs, int rolledBack, int rollbackFailed,
                            SortedMap<String, GroupStats> byGroup, List<HostOutcome> examples, String traceHash) {

    /** Rollout attempts and failures of one host group. */
    public record GroupStats(int attempted, int failed) {

        /** Failed over attempted (0 when none was attempted). */
        public double failureRate() {
            return attempted == 0 ? 0 : failed / (double) attempted;
        }
    }

    public RolloutResult {
        waves = List.copyOf(waves);
        examples = List.copyOf(examples);
        byGroup = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(byGroup));
    }

    /** The rollout waves (no rollback). */
    public List<WaveReport> rolloutWaves() {
        return waves.stream().filter(w -> w.kind() == WaveReport.Kind.ROLLOUT).toList();
    }

    /** Whether some host reported an oracle violation. */
    public boolean violated() {
        return examples.stream().anyMatch(o -> o.cause() == FailureCause.VIOLATION);
    }
}
