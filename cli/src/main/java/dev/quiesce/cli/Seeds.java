package dev.quiesce.cli;

import dev.quiesce.seed.Seed;

/**
 * Seed text: {@code 0x…} hex or decimal, printed as {@code 0x…}.
 */
final class Seeds {

    /** The seed of a run when none is given: runs are reproducible by default. */
    static final long DEFAULT = 0x5eedL;

    private Seeds() {
    }

    static long parse(String text) {
        try {
            return Seed.parseValue(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--seed " + e.getMessage(), e);
        }
    }

    static String format(long seed) {
        return Seed.format(seed);
    }
}
