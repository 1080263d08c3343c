package dev.quiesce.report;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * A small JSON writer for the Perfetto export: maps (in their iteration order), lists, strings, booleans, integers and
 * {@link Micros} (nanoseconds written as microseconds with three decimals). Strings are escaped per RFC 8259, with
 * U+2028 and U+2029 escaped too so the output is also valid JavaScript.
 */
final class Json {

    /** Nanoseconds to write as a decimal number of microseconds ({@code 204224} is written {@code 204.224}). */
    record Micros(long ns) {
    }

    private Json() {
    }

    static void write(Object v, Appendable out) throws IOException {
        switch (v) {
            case null -> out.append("null");
            case String s -> string(s, out);
            case Boolean b -> out.append(b.toString());
            case Integer i -> out.append(i.toString());
            case Long l -> out.append(l.toString());
            case Micros m -> out.append(Html.micros(m.ns(), 3));
            case Map<?, ?> m -> {
                out.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    out.append(first ? "" : ",");
                    first = false;
                    string(e.getKey().toString(), out);
                    out.append(':');
                    write(e.getValue(), out);
                }
                out.append('}');
            }
            case List<?> l -> {
                out.append('[');
                for (int i = 0; i < l.size(); i++) {
                    out.append(i == 0 ? "" : ",");
                    write(l.get(i), out);
                }
                out.append(']');
            }
            default -> throw new IllegalArgumentException("no JSON form for " + v.getClass().getName());
        }
    }

    static void string(String s, Appendable out) throws IOException {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        out.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
