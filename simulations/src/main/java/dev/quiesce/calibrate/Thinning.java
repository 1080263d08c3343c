package dev.quiesce.calibrate;

/**
 * Deterministic thinning of a sorted sample to at most {@code max} values: the midpoints of {@code max} bins of
 * equal count, so the kept values are evenly spaced quantiles of the whole sample (its minimum and maximum may go).
 */
public final class Thinning {

    private Thinning() {
    }

    /** {@code sorted} itself if it has at most {@code max} values, else {@code max} evenly spaced quantiles of it. */
    public static long[] toAtMost(long[] sorted, int max) {
        if (max < 1) {
            throw new IllegalArgumentException("must keep at least one sample, not " + max);
        }
        int n = sorted.length;
        if (n <= max) {
            return sorted.clone();
        }
        long[] out = new long[max];
        for (int i = 0; i < max; i++) {
            out[i] = sorted[(int) ((2L * i + 1) * n / (2L * max))];
        }
        return out;
    }
}
