package dev.quiesce.seed;

/**
 * A run seed: an unsigned 64-bit number, written as decimal ({@code 24301}) or 0x-prefixed hex ({@code 0x5eed}) and
 * always printed as lower-case hex without leading zeros ({@code 0x5eed}), the form replay lines carry.
 *
 * @param value the 64 bits of the seed (read as unsigned)
 */
public record Seed(long value) {

    /** What a seed may look like, for error messages. */
    public static final String FORM = "decimal (0 to 18446744073709551615) or 0x-prefixed hex (at most 16 digits)";

    /**
     * Reads {@code text}: decimal digits, or {@code 0x}/{@code 0X} and hex digits, surrounding blanks ignored.
     *
     * @throws IllegalArgumentException "'text' is not a number; a seed is …", for anything else (signs, an empty
     *                                  string, a value above 2^64 - 1)
     */
    public static Seed parse(String text) {
        String s = text.strip();
        boolean hex = s.length() > 2 && s.charAt(0) == '0' && (s.charAt(1) == 'x' || s.charAt(1) == 'X');
        String digits = hex ? s.substring(2) : s;
        int radix = hex ? 16 : 10;
        if (digits.isEmpty() || !digits.chars().allMatch(c -> Character.digit(c, radix) >= 0 && c < 0x80)) {
            throw notASeed(text);
        }
        try {
            return new Seed(Long.parseUnsignedLong(digits, radix));
        } catch (NumberFormatException e) {
            throw notASeed(text);
        }
    }

    /** The seed {@code text} as its 64 bits; see {@link #parse(String)}. */
    public static long parseValue(String text) {
        return parse(text).value();
    }

    /** {@code seed} in its printed form, {@code 0x} and lower-case hex without leading zeros. */
    public static String format(long seed) {
        return "0x" + Long.toHexString(seed);
    }

    /** The printed form, {@code 0x5eed}. */
    @Override
    public String toString() {
        return format(value);
    }

    private static IllegalArgumentException notASeed(String text) {
        return new IllegalArgumentException("'%s' is not a number; a seed is %s".formatted(text, FORM));
    }
}
