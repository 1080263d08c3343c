package dev.quiesce.time;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Virtual time values and their text form: nanoseconds as {@code long}; durations written like
 * {@code 50ms}, {@code 1us}, {@code 250ns}, {@code 2s}.
 */
public final class SimTime {

    public static final long NS_PER_US = 1_000L;
    public static final long NS_PER_MS = 1_000_000L;
    public static final long NS_PER_S = 1_000_000_000L;

    private static final Pattern DURATION = Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*(ns|us|µs|ms|s)\\s*");

    private SimTime() {
    }

    /**
     * Parses a duration such as {@code 50ms} into nanoseconds.
     *
     * @throws IllegalArgumentException naming the accepted forms
     */
    public static long parseDuration(String text) {
        Matcher m = DURATION.matcher(text == null ? "" : text.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration; write a number and a unit: "
                    + "ns, us, ms or s (e.g. 50ms, 1us)");
        }
        long unit = switch (m.group(2)) {
            case "ns" -> 1L;
            case "us", "µs" -> NS_PER_US;
            case "ms" -> NS_PER_MS;
            default -> NS_PER_S;
        };
        java.math.BigDecimal ns = new java.math.BigDecimal(m.group(1)).multiply(java.math.BigDecimal.valueOf(unit));
        try {
            return ns.setScale(0, java.math.RoundingMode.UNNECESSARY).longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("'" + text + "' is not a whole number of nanoseconds or is too large");
        }
    }

    /** Formats nanoseconds with the largest unit that keeps it readable ({@code 1.5ms}). */
    public static String format(long ns) {
        if (ns % NS_PER_S == 0 && ns != 0) {
            return ns / NS_PER_S + "s";
        }
        if (ns >= NS_PER_MS) {
            return trim(ns / (double) NS_PER_MS) + "ms";
        }
        if (ns >= NS_PER_US) {
            return trim(ns / (double) NS_PER_US) + "us";
        }
        return ns + "ns";
    }

    /** Nanoseconds as microseconds with three decimals. */
    public static double toMicros(long ns) {
        return ns / (double) NS_PER_US;
    }

    private static String trim(double v) {
        String s = String.format(Locale.ROOT, "%.3f", v);
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}
