package dev.quiesce.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One swept scenario key and its values, from {@code --vary key=v1,v2,...}: values are split on commas outside
 * parentheses, brackets and braces ({@code retry=fixed(5,1ms),exponential} is two values).
 *
 * @param key    the scenario key ({@code barrier.timeout}, {@code retry}, {@code host.cpus}, ...)
 * @param values the values as written, in order
 */
public record Vary(String key, List<String> values) {

    /** A value passed to HOCON bare: durations, numbers, names ({@code 5ms}, {@code 0x2a}, {@code text-poke.int3}). */
    private static final Pattern SIMPLE = Pattern.compile("[A-Za-z0-9._-]+");

    public Vary {
        values = List.copyOf(values);
    }

    /**
     * Parses {@code key=v1,v2,...}.
     *
     * @throws IllegalArgumentException saying what is wrong and what is legal
     */
    public static Vary parse(String spec) {
        int eq = spec.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException(("--vary '%s' is not key=value[,value...] (e.g."
                    + " barrier.timeout=1ms,5ms,30ms or retry=none,fixed(5,1ms),exponential)").formatted(spec));
        }
        String key = spec.substring(0, eq).trim();
        List<String> values = split(spec.substring(eq + 1));
        if (values.isEmpty() || values.stream().anyMatch(String::isEmpty)) {
            throw new IllegalArgumentException(("--vary '%s' has an empty value; give one or more values separated by"
                    + " commas, e.g. %s=1ms,5ms").formatted(spec, key));
        }
        return new Vary(key, values);
    }

    /** Splits on commas at nesting depth 0 ({@code ()}, {@code []}, {@code {}}; quoted text is not split), trimmed. */
    static List<String> split(String text) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && (c == '(' || c == '[' || c == '{')) {
                depth++;
            } else if (!quoted && (c == ')' || c == ']' || c == '}')) {
                depth = Math.max(0, depth - 1);
            } else if (!quoted && depth == 0 && c == ',') {
                out.add(text.substring(start, i).trim());
                start = i + 1;
            }
        }
        out.add(text.substring(start).trim());
        return out.size() == 1 && out.getFirst().isEmpty() ? List.of() : out;
    }

    /** The {@code key=value} override for {@code ScenarioLoader.load}: the value bare if simple, else a HOCON string. */
    public String set(String value) {
        return key + "=" + hocon(value);
    }

    /** {@code value} as HOCON: bare if simple or already structured/quoted, else a quoted string. */
    static String hocon(String value) {
        if (SIMPLE.matcher(value).matches() || value.startsWith("[") || value.startsWith("{")
                || value.startsWith("\"")) {
            return value;
        }
        return com.typesafe.config.ConfigUtil.quoteString(value);
    }
}
