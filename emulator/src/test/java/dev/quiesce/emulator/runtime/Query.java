package dev.quiesce.emulator.runtime;

import java.nio.charset.StandardCharsets;

/**
 * One call of a probe of {@code probe.c}: {@code fn(a, b, x, y, out)}, strings as bytes (Latin-1) or
 * {@code null} for a null pointer.
 */
record Query(String fn, String a, String b, long x, long y) {

    /** The query as a line of the native oracle's input. */
    String line() {
        return "%s %s %s %d %d".formatted(fn, hex(a), hex(b), x, y);
    }

    private static String hex(String s) {
        if (s == null || s.isEmpty()) {
            return "-";
        }
        StringBuilder sb = new StringBuilder();
        for (byte c : s.getBytes(StandardCharsets.ISO_8859_1)) {
            sb.append("%02x".formatted(c & 0xff));
        }
        return sb.toString();
    }
}
