package dev.quiesce.json;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.SequencedMap;
import java.util.regex.Pattern;

/**
 * A JSON value as {@link JsonReader} reads it and {@link JsonWriter} writes it: an object (members in document
 * order), an array, a string, a number (kept as its text, so nothing is rounded), a boolean or null.
 */
public sealed interface JsonValue {

    /** An object; its members keep their document order. */
    record JsonObject(SequencedMap<String, JsonValue> members) implements JsonValue {

        public JsonObject {
            members = Collections.unmodifiableSequencedMap(new LinkedHashMap<>(members));
        }

        /** The member {@code key}, or null when the object has none. */
        public JsonValue get(String key) {
            return members.get(key);
        }
    }

    /** An array. */
    record JsonArray(List<JsonValue> elements) implements JsonValue {

        public JsonArray {
            elements = List.copyOf(elements);
        }
    }

    /** A string (any UTF-16 text, lone surrogates included). */
    record JsonString(String value) implements JsonValue {

        public JsonString {
            Objects.requireNonNull(value, "value");
        }
    }

    /**
     * A number, as its RFC 8259 text ({@code -12}, {@code 0.5}, {@code 1e-3}).
     *
     * @param text the number as written; it must follow RFC 8259's number grammar
     */
    record JsonNumber(String text) implements JsonValue {

        private static final Pattern GRAMMAR = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");
        private static final Pattern INTEGER = Pattern.compile("-?(0|[1-9][0-9]*)");

        public JsonNumber {
            if (!GRAMMAR.matcher(text).matches()) {
                throw new IllegalArgumentException("'" + text + "' is not a JSON number");
            }
        }

        /** The number {@code v}. */
        public static JsonNumber of(long v) {
            return new JsonNumber(Long.toString(v));
        }

        /** Whether the number is written as an integer that fits a {@code long}. */
        public boolean isLong() {
            if (!INTEGER.matcher(text).matches()) {
                return false;
            }
            try {
                Long.parseLong(text);
                return true;
            } catch (NumberFormatException e) {
                return false;
            }
        }

        /** The value as a {@code long}; only for {@link #isLong()} numbers. */
        public long longValue() {
            return Long.parseLong(text);
        }

        /** The nearest {@code double} (infinite when out of range). */
        public double doubleValue() {
            return Double.parseDouble(text);
        }

        /** The exact value. */
        public BigDecimal decimalValue() {
            return new BigDecimal(text);
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** {@code true} or {@code false}. */
    record JsonBoolean(boolean value) implements JsonValue {
    }

    /** {@code null}. */
    enum JsonNull implements JsonValue {
        NULL
    }
}
