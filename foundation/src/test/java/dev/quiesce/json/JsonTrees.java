package dev.quiesce.json;

import dev.quiesce.json.JsonValue.JsonArray;
import dev.quiesce.json.JsonValue.JsonBoolean;
import dev.quiesce.json.JsonValue.JsonNull;
import dev.quiesce.json.JsonValue.JsonNumber;
import dev.quiesce.json.JsonValue.JsonObject;
import dev.quiesce.json.JsonValue.JsonString;
import dev.quiesce.random.DetRandom;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.SequencedMap;

/** Random JSON trees for the tests, with nasty strings (controls, quotes, U+2028, surrogate pairs, lone halves). */
final class JsonTrees {

    private static final String[] NUMBERS = {"0", "-0", "7", "-12", "9223372036854775807", "-9223372036854775808",
            "0.5", "-3.25", "1e3", "1E-7", "6.02e+23", "123.456e-2", "2.5E10"};

    private final DetRandom r;

    JsonTrees(long seed) {
        this.r = new DetRandom(seed);
    }

    JsonValue tree(int depth) {
        int kind = (int) r.nextLong(depth <= 0 ? 4 : 6);
        return switch (kind) {
            case 0 -> new JsonString(string());
            case 1 -> number();
            case 2 -> r.nextLong(3) == 0 ? JsonNull.NULL : new JsonBoolean(r.nextLong(2) == 0);
            case 3 -> new JsonString(string());
            case 4 -> {
                List<JsonValue> l = new ArrayList<>();
                for (long i = r.nextLong(5); i > 0; i--) {
                    l.add(tree(depth - 1));
                }
                yield new JsonArray(l);
            }
            default -> {
                SequencedMap<String, JsonValue> m = new LinkedHashMap<>();
                for (long i = r.nextLong(5); i > 0; i--) {
                    m.put(string(), tree(depth - 1));
                }
                yield new JsonObject(m);
            }
        };
    }

    JsonNumber number() {
        if (r.nextLong(2) == 0) {
            return JsonNumber.of(r.nextLong());
        }
        return new JsonNumber(NUMBERS[(int) r.nextLong(NUMBERS.length)]);
    }

    String string() {
        StringBuilder b = new StringBuilder();
        for (long n = r.nextLong(12); n > 0; n--) {
            switch ((int) r.nextLong(9)) {
                case 0 -> b.append((char) r.nextLong(0x20));
                case 1 -> b.append("\"\\/".charAt((int) r.nextLong(3)));
                case 2 -> b.append(r.nextLong(2) == 0 ? '\u2028' : '\u2029');
                case 3 -> b.appendCodePoint(0x10000 + (int) r.nextLong(0x100000));
                case 4 -> b.append((char) (0xd800 + r.nextLong(0x800)));
                case 5 -> b.append((char) (0x80 + r.nextLong(0xd800 - 0x80)));
                case 6 -> b.append((char) (0xe000 + r.nextLong(0x2000)));
                default -> b.append((char) (0x20 + r.nextLong(0x5f)));
            }
        }
        return b.toString();
    }
}
