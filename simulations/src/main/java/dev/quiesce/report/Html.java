package dev.quiesce.report;

import java.util.Locale;

/**
 * Text helpers of the reports: HTML escaping, numbers for SVG coordinates, virtual times for people.
 */
final class Html {

    private Html() {
    }

    /** {@code s} safe inside HTML text and attribute values. */
    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** A coordinate with at most two decimals ({@code 12.5}, {@code 3}). */
    static String num(double v) {
        String s = String.format(Locale.ROOT, "%.2f", v);
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    /** Nanoseconds as microseconds with {@code decimals} (0..3) decimals, exactly: {@code 204.224}. */
    static String micros(long ns, int decimals) {
        String sign = ns < 0 ? "-" : "";
        long a = Math.abs(ns);
        String frac = String.format(Locale.ROOT, "%03d", a % 1000).substring(0, decimals);
        return sign + a / 1000 + (decimals > 0 ? "." + frac : "");
    }

    /** A duration for people: {@code 850 ns}, {@code 6.179 µs}, {@code 1.204 ms}. */
    static String duration(long ns) {
        if (ns < 0) {
            return "—";
        }
        if (ns < 1_000) {
            return ns + " ns";
        }
        if (ns < 1_000_000) {
            return micros(ns, 3) + " µs";
        }
        return micros(ns / 1_000, 3) + " ms";
    }

    /** A virtual instant for people: {@code 204.224 µs}; an em dash when it did not happen (negative). */
    static String instant(long ns) {
        return ns < 0 ? "—" : micros(ns, 3) + " µs";
    }
}
