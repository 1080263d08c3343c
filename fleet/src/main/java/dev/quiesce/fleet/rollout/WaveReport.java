package dev.quiesce.fleet.rollout;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * One wave of a rollout (or of its rollback) as decided: when it started and how long its slowest host took in
 * virtual time, the hosts attempted, those that got through, the failures by cause, and the decision taken after it.
 *
 * @param number    1.. in the order run (rollback waves continue the count)
 * @param kind      a rollout wave or a rollback wave
 * @param startNs   virtual start
 * @param tookNs    the slowest host's virtual time
 * @param attempted hosts attempted
 * @param succeeded hosts whose command got through
 * @param failures  failed hosts by cause (every cause present, in declaration order)
 * @param decision  what the coordinator decided after the wave (continue, done, halt: why, rollback …)
 */
public record WaveReport(int number, Kind kind, long startNs, long tookNs, int attempted, int succeeded,
                         Map<FailureCause, Integer> failures, String decision) {

    /** A rollout wave applies the payload stack; a rollback wave reverts it. */
    public enum Kind { ROLLOUT, ROLLBACK }

    public WaveReport {
        EnumMap<FailureCause, Integer> all = new EnumMap<>(FailureCause.class);
        for (FailureCause c : FailureCause.values()) {
            if (c.failed()) {
                all.put(c, failures.getOrDefault(c, 0));
            }
        }
        failures = Collections.unmodifiableMap(all);
    }

    /** Hosts that failed. */
    public int failed() {
        return attempted - succeeded;
    }

    /** Failed over attempted (0 for an empty wave). */
    public double failureRate() {
        return attempted == 0 ? 0 : failed() / (double) attempted;
    }

    /** Hosts that failed with {@code cause}. */
    public int failures(FailureCause cause) {
        return failures.getOrDefault(cause, 0);
    }

    /** When the wave's slowest host finished. */
    public long endNs() {
        return startNs + tookNs;
    }
}
