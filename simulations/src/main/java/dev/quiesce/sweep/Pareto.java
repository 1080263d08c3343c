package dev.quiesce.sweep;

import java.util.ArrayList;
import java.util.List;

/**
 * The Pareto front of a sweep: overall success rate (higher is better) against p99 IRQs-off pause (lower is better).
 * A point is on the front when no other point is at least as good in both and strictly better in one. A point
 * without actions counts as 0% success; one where no CPU disabled its IRQs, as a 0 ns pause.
 */
public final class Pareto {

    private Pareto() {
    }

    /** The rows, in order, each marked on or off the front. */
    public static List<PointRow> mark(List<PointRow> rows) {
        List<PointRow> out = new ArrayList<>(rows.size());
        for (PointRow r : rows) {
            boolean dominated = false;
            for (PointRow o : rows) {
                if (o != r && dominates(o, r)) {
                    dominated = true;
                    break;
                }
            }
            out.add(r.withPareto(!dominated));
        }
        return out;
    }

    /** Whether {@code a} is at least as good as {@code b} in both objectives and strictly better in one. */
    static boolean dominates(PointRow a, PointRow b) {
        double sa = success(a);
        double sb = success(b);
        long pa = pause(a);
        long pb = pause(b);
        return sa >= sb && pa <= pb && (sa > sb || pa < pb);
    }

    private static double success(PointRow r) {
        double s = r.overallRate();
        return Double.isNaN(s) ? 0 : s;
    }

    private static long pause(PointRow r) {
        return Math.max(0, r.pauseP99());
    }
}
