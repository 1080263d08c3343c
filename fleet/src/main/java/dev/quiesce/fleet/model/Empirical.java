package dev.quiesce.fleet.model;

import dev.quiesce.random.DetRandom;

import java.util.Arrays;

/**
 * An empirical distribution of durations in ns: the sorted samples themselves (not a mean), drawn from uniformly.
 * {@link #residual} draws where a renewal process started at a random instant stands: a gap picked with probability
 * proportional to its length (the inspection paradox), then a uniform point inside it.
 */
public final class Empirical {

    private final long[] sorted;
    private final long[] prefix;

    private Empirical(long[] sorted) {
        this.sorted = sorted;
        this.prefix = new long[sorted.length + 1];
        for (int i = 0; i < sorted.length; i++) {
            prefix[i + 1] = prefix[i] + sorted[i];
        }
    }

    /** The distribution of {@code samples} (at least one, none negative). */
    public static Empirical of(long[] samples) {
        if (samples.length == 0) {
            throw new IllegalArgumentException("an empirical distribution needs at least one sample");
        }
        long[] s = samples.clone();
        Arrays.sort(s);
        if (s[0] < 0) {
            throw new IllegalArgumentException("durations must not be negative: " + s[0]);
        }
        return new Empirical(s);
    }

    /** One value: a uniformly chosen sample. */
    public long sample(DetRandom r) {
        return sorted[(int) r.nextLong(sorted.length)];
    }

    /** Time to the next renewal seen from a random instant (length-biased gap, uniform point in it). */
    public long residual(DetRandom r) {
        long total = prefix[sorted.length];
        if (total == 0) {
            return 0;
        }
        long x = r.nextLong(total);
        int i = Arrays.binarySearch(prefix, x + 1);
        int gap = i >= 0 ? i - 1 : -i - 2;
        long into = x - prefix[gap];
        return sorted[gap] - into;
    }

    /** The samples, sorted. */
    public long[] samples() {
        return sorted.clone();
    }

    /** The mean in ns. */
    public double mean() {
        return prefix[sorted.length] / (double) sorted.length;
    }

    /** The {@code q}-quantile (0..1) in ns. */
    public long quantile(double q) {
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
    }

    /** How many samples. */
    public int size() {
        return sorted.length;
    }
}
