package dev.quiesce.cli;

/**
 * Seed text: {@code 0x…} hex or decimal, printed as {@code 0x…}.
 */
final class Seeds {

    /** The seed of a run when none is given: runs are reproducible by default. */
    static final long DEFAULT = 0x5eedL;

    private Seeds() {
    }

    static long parse(String text) {
        String s = text.strip();
        try {
            if (s.startsWith("0x") || s.startsWith("0X")) {
                return Long.parseUnsignedLong(s.substring(2), 16);
            }
            return Long.parseUnsignedLong(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--seed '" + text + "' is not a number; use decimal or 0x-prefixed hex");
        }
    }

    static String format(long seed) {
        return "0x" + Long.toHexString(seed);
    }
}
