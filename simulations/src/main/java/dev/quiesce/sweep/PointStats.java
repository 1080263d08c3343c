package dev.quiesce.sweep;

import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.List;

/**
 * The running statistics of one sweep point: its runs added in seed order, distributions in HdrHistograms
 * (3 significant digits; a percentile is its bucket's highest equivalent value, never above the exact maximum).
 */
public final class PointStats {

    /** Replay lines kept per point. */
    public static final int REPLAYS = 3;

    private final Histogram attempts = new Histogram(3);
    private final Histogram apply = new Histogram(3);
    private final Histogram pause = new Histogram(3);
    private final List<String> replays = new ArrayList<>();
    private long applyMax = -1;
    private long pauseMax = -1;
    private int runs;
    private long actions;
    private long firstOk;
    private long overallOk;
    private long lostNmis;
    private int violations;

    /** Adds the next run (in seed order). */
    public void add(RunSummary r) {
        runs++;
        actions += r.actions();
        firstOk += r.firstOk();
        overallOk += r.overallOk();
        lostNmis += r.lostNmis();
        for (int a : r.attempts()) {
            attempts.recordValue(a);
        }
        for (long ns : r.applyNs()) {
            apply.recordValue(ns);
            applyMax = Math.max(applyMax, ns);
        }
        for (long ns : r.pauseNs()) {
            pause.recordValue(ns);
            pauseMax = Math.max(pauseMax, ns);
        }
        if (r.violated()) {
            violations++;
            if (replays.size() < REPLAYS) {
                replays.add(r.replay());
            }
        }
    }

    /** The row of point {@code p}, whose seed 0 is {@code baseSeed}; not yet marked on the Pareto front. */
    public PointRow row(SweepPoint p, long baseSeed) {
        double mean = attempts.getTotalCount() == 0 ? Double.NaN : attempts.getMean();
        return new PointRow(p.index(), p.labels(), baseSeed, runs, actions, firstOk, overallOk, mean,
                percentile(attempts, 99, attempts.getTotalCount() == 0 ? -1 : attempts.getMaxValue()),
                percentile(apply, 50, applyMax), percentile(apply, 99, applyMax), applyMax,
                percentile(pause, 50, pauseMax), percentile(pause, 99, pauseMax), pauseMax, lostNmis, violations,
                replays, false);
    }

    private static long percentile(Histogram h, double p, long max) {
        return h.getTotalCount() == 0 ? -1 : Math.min(h.getValueAtPercentile(p), max);
    }
}
