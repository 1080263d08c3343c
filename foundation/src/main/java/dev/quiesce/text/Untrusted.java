package dev.quiesce.text;

/**
 * Untrusted text made safe for a terminal: every control character (C0, DEL, C1 — which carry newlines and terminal
 * escape sequences) and every bidirectional override (which can make text read other than it is, CVE-2021-42574) is
 * shown as an escape, {@code \n}, {@code \x1b}, {@code \u202e}; and the text is cut to a bound with a note of what was
 * cut. What is printed is always one line.
 */
public final class Untrusted {

    /** The default bound, in characters, for names and values printed from a file. */
    public static final int DEFAULT_MAX = 200;

    private Untrusted() {
    }

    /** {@code s} escaped and cut to {@link #DEFAULT_MAX} characters. */
    public static String show(String s) {
        return show(s, DEFAULT_MAX);
    }

    /** {@code s} escaped, at most {@code max} characters of it shown. */
    public static String show(String s, int max) {
        if (s == null) {
            return "(none)";
        }
        StringBuilder b = new StringBuilder(Math.min(s.length(), max) + 16);
        int shown = 0;
        int i = 0;
        for (; i < s.length() && shown < max; i++, shown++) {
            char c = s.charAt(i);
            switch (c) {
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f)) {
                        b.append(String.format("\\x%02x", (int) c));
                    } else if ((c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c == 0x200e
                            || c == 0x200f || c == 0x061c) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        if (i < s.length()) {
            b.append("…(").append(s.length() - i).append(" more characters)");
        }
        return b.toString();
    }

    /**
     * Whether {@code s} prints as itself within {@link #DEFAULT_MAX} characters: no control character, bidirectional
     * override or backslash, not too long — the rule for names that are printed in every report (a scenario's, a
     * workload class's).
     */
    public static boolean isPrintableName(String s) {
        return s != null && show(s).equals(s);
    }

    /**
     * {@code s} as one word of a POSIX shell command line that is safe to print: {@code 's'} when it is printable
     * and has no single quote, else bash's {@code $'…'} with every control character, bidirectional override,
     * backslash and quote escaped — so a replay line prints no terminal escape and still pastes back as the value.
     */
    public static String shellQuote(String s) {
        if (s.indexOf('\'') < 0 && show(s, Integer.MAX_VALUE).equals(s)) {
            return "'" + s + "'";
        }
        return "$'" + show(s, Integer.MAX_VALUE).replace("'", "\\'") + "'";
    }
}
