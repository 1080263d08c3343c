package dev.quiesce.fleet.rollout;

import dev.quiesce.time.SimTime;

import java.util.Locale;

/**
 * How a fleet is rolled out: wave sizes (a canary wave, growing by a factor, capped at the hosts patched at once),
 * when to halt (a wave's failure rate above a threshold, any oracle violation), whether a halt rolls back, and the
 * virtual pause between waves.
 *
 * @param canarySize       hosts of the first wave
 * @param growthFactor     each further wave is the previous one times this, rounded up
 * @param maxConcurrent    the largest wave (hosts being patched at once)
 * @param failureThreshold halt when a wave's failed / attempted exceeds this (0..1; 0 halts on any failure)
 * @param haltOnViolation  halt when a host reports an oracle violation
 * @param rollback         on halt, revert every applied payload (LIFO per host)
 * @param pauseNs          virtual time between a wave's slowest host and the next wave
 */
public record RolloutPolicy(int canarySize, double growthFactor, int maxConcurrent, double failureThreshold,
                            boolean haltOnViolation, boolean rollback, long pauseNs) {

    public RolloutPolicy {
        if (canarySize < 1 || maxConcurrent < 1 || !(growthFactor >= 1) || Double.isInfinite(growthFactor)
                || !(failureThreshold >= 0 && failureThreshold <= 1) || pauseNs < 0) {
            throw new IllegalArgumentException("a rollout policy needs canary size >= 1, growth factor >= 1, max"
                    + " concurrent >= 1, failure threshold in 0..1 and pause >= 0");
        }
    }

    /** One line for people. */
    public String describe() {
        return String.format(Locale.ROOT, "canary %d, growth x%s, max %d concurrent, halt above %s failed per wave%s,"
                        + " %s, pause %s", canarySize, trim(growthFactor), maxConcurrent,
                percent(failureThreshold), haltOnViolation ? " or on any violation" : "",
                rollback ? "rollback on halt" : "no rollback", pauseNs == 0 ? "0" : SimTime.format(pauseNs));
    }

    /** {@code 0.05} as {@code 5%}, {@code 0.125} as {@code 12.5%}. */
    static String percent(double rate) {
        return trim(rate * 100) + "%";
    }

    private static String trim(double v) {
        String s = String.format(Locale.ROOT, "%.2f", v).replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}
