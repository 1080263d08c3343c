package dev.quiesce.sweep;

import java.util.List;

/**
 * One row of a sweep's results: a point's statistics over its seeds. Times are virtual nanoseconds; -1 where
 * nothing was measured (no action succeeded, no CPU disabled its IRQs).
 *
 * @param point       the point's index
 * @param labels      {@code key=value} per varied key
 * @param baseSeed    the point's seed 0 (seed j is baseSeed + j)
 * @param runs        runs (seeds)
 * @param actions     actions over all runs
 * @param firstOk     actions that succeeded on their first attempt
 * @param overallOk   actions that succeeded in the end (after retries)
 * @param attemptsMean attempts per issued action, mean (NaN if none was issued)
 * @param attemptsP99 attempts per issued action, 99th percentile
 * @param applyP50    time to apply (first hypercall to the successful release), median
 * @param applyP99    time to apply, 99th percentile
 * @param applyMax    time to apply, maximum
 * @param pauseP50    IRQs-off pause per CPU per attempt, median
 * @param pauseP99    IRQs-off pause, 99th percentile
 * @param pauseMax    IRQs-off pause, maximum
 * @param lostNmis    NMIs lost over all runs
 * @param violations  runs that violated an oracle
 * @param replays     the replay lines of the first violating runs (at most {@link PointStats#REPLAYS})
 * @param pareto      whether no other point has both a higher-or-equal overall success rate and a lower-or-equal
 *                    p99 pause, one of them strictly
 */
public record PointRow(int point, List<String> labels, long baseSeed, int runs, long actions, long firstOk,
                       long overallOk, double attemptsMean, long attemptsP99, long applyP50, long applyP99,
                       long applyMax, long pauseP50, long pauseP99, long pauseMax, long lostNmis, int violations,
                       List<String> replays, boolean pareto) {

    public PointRow {
        labels = List.copyOf(labels);
        replays = List.copyOf(replays);
    }

    /** Success rate of the first attempts, 0..1 (NaN without actions). */
    public double firstRate() {
        return actions == 0 ? Double.NaN : firstOk / (double) actions;
    }

    /** Success rate after retries, 0..1 (NaN without actions). */
    public double overallRate() {
        return actions == 0 ? Double.NaN : overallOk / (double) actions;
    }

    /** This row marked on (or off) the Pareto front. */
    public PointRow withPareto(boolean on) {
        return new PointRow(point, labels, baseSeed, runs, actions, firstOk, overallOk, attemptsMean, attemptsP99,
                applyP50, applyP99, applyMax, pauseP50, pauseP99, pauseMax, lostNmis, violations, replays, on);
    }
}
