package dev.quiesce.json;

import dev.quiesce.json.JsonValue.JsonArray;
import dev.quiesce.json.JsonValue.JsonBoolean;
import dev.quiesce.json.JsonValue.JsonNull;
import dev.quiesce.json.JsonValue.JsonNumber;
import dev.quiesce.json.JsonValue.JsonObject;
import dev.quiesce.json.JsonValue.JsonString;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * The JSON writer: strings quoted with the one RFC 8259 escaper, and values written compactly ({@code {"a":[1,2]}}).
 * A value is a {@link JsonValue}, or a {@link Map} (in its iteration order, keys as strings), a {@link List}, a
 * {@link String}, a {@link Boolean}, an {@link Integer} or {@link Long}, or null. Formats with their own layout (model
 * files, sweep results) lay out the text themselves and quote their strings here.
 */
public final class JsonWriter {

    private JsonWriter() {
    }

    /** {@code s} as a JSON string literal, quotes included. */
    public static String quote(CharSequence s) {
        StringBuilder b = new StringBuilder(s.length() + 2);
        string(s, b);
        return b.toString();
    }

    /** Appends {@code s} as a JSON string literal to {@code out}. */
    public static void string(CharSequence s, StringBuilder out) {
        try {
            JsonStrings.write(s, out);
        } catch (IOException e) {
            throw new AssertionError("a StringBuilder does not throw", e);
        }
    }

    /** Appends {@code s} as a JSON string literal to {@code out}. */
    public static void string(CharSequence s, Appendable out) throws IOException {
        JsonStrings.write(s, out);
    }

    /** {@code v} as compact JSON text. */
    public static String toJson(Object v) {
        StringBuilder b = new StringBuilder();
        try {
            write(v, b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return b.toString();
    }

    /** Writes {@code v} compactly to {@code out}. */
    public static void write(Object v, Appendable out) throws IOException {
        switch (v) {
            case null -> out.append("null");
            case JsonNull n -> out.append("null");
            case JsonString s -> JsonStrings.write(s.value(), out);
            case JsonNumber n -> out.append(n.text());
            case JsonBoolean b -> out.append(Boolean.toString(b.value()));
            case JsonObject o -> write(o.members(), out);
            case JsonArray a -> write(a.elements(), out);
            case String s -> JsonStrings.write(s, out);
            case Boolean b -> out.append(b.toString());
            case Integer i -> out.append(i.toString());
            case Long l -> out.append(l.toString());
            case Map<?, ?> m -> {
                out.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    out.append(first ? "" : ",");
                    first = false;
                    JsonStrings.write(e.getKey().toString(), out);
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
}
