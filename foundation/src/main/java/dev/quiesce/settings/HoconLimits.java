package dev.quiesce.settings;

/**
 * The bounds a HOCON text must keep before the parser sees it: at most {@link #MAX_DEPTH} nested objects or arrays
 * (Typesafe Config parses recursively: 2,000 levels overflow the stack) and {@link #MAX_CHARS} characters. A lexical
 * scan that skips quoted strings, triple-quoted strings and comments, so it never runs out of stack itself.
 */
public final class HoconLimits {

    /** The deepest nesting of objects and arrays accepted (the built-in scenarios nest 3 deep). */
    public static final int MAX_DEPTH = 64;

    /** The longest text accepted, in characters (a built-in scenario is about a kilobyte). */
    public static final int MAX_CHARS = 1 << 20;

    private HoconLimits() {
    }

    /**
     * Checks {@code text} from {@code origin}.
     *
     * @throws IllegalArgumentException naming the origin and line, and what to do
     */
    public static void check(String text, String origin) {
        if (text.length() > MAX_CHARS) {
            throw new IllegalArgumentException("%s is %d characters, over the limit of %d: a scenario is a few kilobytes"
                    .formatted(origin, text.length(), MAX_CHARS));
        }
        int depth = 0;
        int line = 1;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                line++;
            } else if (c == '"' && text.startsWith("\"\"\"", i)) {
                int end = text.indexOf("\"\"\"", i + 3);
                end = end < 0 ? n : end + 2;
                line += count(text, i, end);
                i = end;
            } else if (c == '"') {
                i = endOfQuoted(text, i);
            } else if (c == '#' || (c == '/' && i + 1 < n && text.charAt(i + 1) == '/')) {
                int end = text.indexOf('\n', i);
                i = (end < 0 ? n : end) - 1;
            } else if (c == '{' || c == '[') {
                if (++depth > MAX_DEPTH) {
                    throw new IllegalArgumentException("%s:%d: objects and arrays nested more than %d deep; a scenario"
                            .formatted(origin, line, MAX_DEPTH) + " nests a few levels: flatten it");
                }
            } else if (c == '}' || c == ']') {
                depth = Math.max(0, depth - 1);
            }
        }
    }

    private static int endOfQuoted(String text, int start) {
        for (int i = start + 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"' || c == '\n') {
                return i;
            }
        }
        return text.length();
    }

    private static int count(String text, int from, int to) {
        int k = 0;
        for (int i = from; i < Math.min(to, text.length()); i++) {
            k += text.charAt(i) == '\n' ? 1 : 0;
        }
        return k;
    }
}
