package dev.quiesce.random;

/**
 * A deterministic pseudo-random generator (SplitMix64, Steele, Lea and Flood, OOPSLA 2014): the same
 * seed gives the same sequence on every JVM and platform.
 *
 * <p>Floating-point transforms use {@link StrictMath} so that results are bit-identical everywhere.
 */
public final class DetRandom {

    private static final long GOLDEN = 0x9e3779b97f4a7c15L;
    private long state;

    public DetRandom(long seed) {
        this.state = seed;
    }

    /** The next 64 uniformly distributed bits. */
    public long nextLong() {
        state += GOLDEN;
        return mix(state);
    }

    /** A uniform value in {@code [0, bound)}; {@code bound} must be positive. */
    public long nextLong(long bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive: " + bound);
        }
        long limit = Long.MAX_VALUE - Long.MAX_VALUE % bound;
        long r;
        do {
            r = nextLong() >>> 1;
        } while (r >= limit);
        return r % bound;
    }

    /** A uniform double in {@code [0, 1)} with 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** An exponentially distributed value with the given mean (inter-arrival times of a Poisson process). */
    public double nextExponential(double mean) {
        return -mean * StrictMath.log1p(-nextDouble());
    }

    /** The SplitMix64 finaliser: a bijective 64-bit mix. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
