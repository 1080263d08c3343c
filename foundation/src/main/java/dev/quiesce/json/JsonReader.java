package dev.quiesce.json;

import dev.quiesce.json.JsonValue.JsonArray;
import dev.quiesce.json.JsonValue.JsonBoolean;
import dev.quiesce.json.JsonValue.JsonNull;
import dev.quiesce.json.JsonValue.JsonNumber;
import dev.quiesce.json.JsonValue.JsonObject;
import dev.quiesce.json.JsonValue.JsonString;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.SequencedMap;

/**
 * A strict RFC 8259 JSON parser into {@link JsonValue}s, bounded for hostile input: at most {@code maxDepth} nested
 * arrays and objects and {@code maxChars} characters. A repeated key in one object is an error. Every error says
 * where: {@code origin:line:column: what was expected}.
 */
public final class JsonReader {

    /** The default bound on nesting. */
    public static final int MAX_DEPTH = 256;
    /** The default bound on a document's length, in chars (64 Mi). */
    public static final int MAX_CHARS = 64 << 20;

    private final int maxDepth;
    private final int maxChars;

    /** A reader with the given bounds. */
    public JsonReader(int maxDepth, int maxChars) {
        if (maxDepth < 1 || maxChars < 1) {
            throw new IllegalArgumentException("bounds must be positive: depth " + maxDepth + ", chars " + maxChars);
        }
        this.maxDepth = maxDepth;
        this.maxChars = maxChars;
    }

    /** The one value of {@code text}, with the default bounds; {@code origin} (e.g. the file) names it in errors. */
    public static JsonValue parse(String text, String origin) {
        return new JsonReader(MAX_DEPTH, MAX_CHARS).read(text, origin);
    }

    /** The one value of {@code file} (UTF-8), with the default bounds; errors name the file. */
    public static JsonValue parse(Path file) throws IOException {
        return parse(dev.quiesce.io.InputFiles.readString(file, MAX_CHARS, "JSON file"), file.toString());
    }

    /** The one value of {@code text}; {@code origin} names it in errors. */
    public JsonValue read(String text, String origin) {
        if (text.length() > maxChars) {
            throw new IllegalArgumentException("%s: %d chars, more than the %d this reader accepts"
                    .formatted(origin, text.length(), maxChars));
        }
        Cursor c = new Cursor(text, origin);
        JsonValue v = value(c, 0);
        c.skipSpace();
        if (!c.atEnd()) {
            throw c.error("unexpected text after the end of the document");
        }
        return v;
    }

    private JsonValue value(Cursor c, int depth) {
        c.skipSpace();
        if (c.atEnd()) {
            throw c.error("unexpected end of input, expected a value");
        }
        char ch = c.peek();
        return switch (ch) {
            case '{' -> object(c, nest(c, depth));
            case '[' -> array(c, nest(c, depth));
            case '"' -> new JsonString(JsonStrings.read(c));
            case 't' -> literal(c, "true", new JsonBoolean(true));
            case 'f' -> literal(c, "false", new JsonBoolean(false));
            case 'n' -> literal(c, "null", JsonNull.NULL);
            default -> {
                if (ch == '-' || (ch >= '0' && ch <= '9')) {
                    yield number(c);
                }
                throw c.error("expected a value (object, array, string, number, true, false or null), not '" + ch
                        + "'");
            }
        };
    }

    private int nest(Cursor c, int depth) {
        if (depth + 1 > maxDepth) {
            throw c.error("nested deeper than " + maxDepth + " arrays and objects");
        }
        return depth + 1;
    }

    private JsonObject object(Cursor c, int depth) {
        SequencedMap<String, JsonValue> m = new LinkedHashMap<>();
        c.pos++;
        c.skipSpace();
        if (c.peek() == '}') {
            c.pos++;
            return new JsonObject(m);
        }
        while (true) {
            c.skipSpace();
            if (c.peek() != '"') {
                throw c.error("expected a string key in object");
            }
            int at = c.pos;
            String key = JsonStrings.read(c);
            c.skipSpace();
            c.expect(':', "after key \"" + key + "\"");
            if (m.containsKey(key)) {
                c.pos = at;
                throw c.error("key \"" + key + "\" appears twice in one object");
            }
            m.put(key, value(c, depth));
            c.skipSpace();
            if (c.peek() == ',') {
                c.pos++;
            } else {
                c.expect('}', "or ',' in object");
                return new JsonObject(m);
            }
        }
    }

    private JsonArray array(Cursor c, int depth) {
        List<JsonValue> l = new ArrayList<>();
        c.pos++;
        c.skipSpace();
        if (c.peek() == ']') {
            c.pos++;
            return new JsonArray(l);
        }
        while (true) {
            l.add(value(c, depth));
            c.skipSpace();
            if (c.peek() == ',') {
                c.pos++;
            } else {
                c.expect(']', "or ',' in array");
                return new JsonArray(l);
            }
        }
    }

    private static JsonNumber number(Cursor c) {
        int start = c.pos;
        while (!c.atEnd() && "+-0123456789.eE".indexOf(c.peek()) >= 0) {
            c.pos++;
        }
        String n = c.text.substring(start, c.pos);
        try {
            return new JsonNumber(n);
        } catch (IllegalArgumentException e) {
            c.pos = start;
            throw c.error("'" + n + "' is not a number");
        }
    }

    private static JsonValue literal(Cursor c, String word, JsonValue v) {
        if (!c.text.startsWith(word, c.pos)) {
            throw c.error("expected " + word);
        }
        c.pos += word.length();
        return v;
    }
}
