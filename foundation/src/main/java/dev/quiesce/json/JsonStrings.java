package dev.quiesce.json;

import java.io.IOException;

/**
 * JSON string literals, both ways: the one escaper of the project (RFC 8259) and the reader of a literal.
 *
 * <p>Written: {@code "} and {@code \} escaped, the control characters below U+0020 as {@code \b \f \n \r \t} or
 * {@code \}{@code u00xx}, U+2028 and U+2029 escaped too (so the text is also valid JavaScript), and lone surrogates
 * escaped (so the text encodes to valid UTF-8); everything else as is.
 */
final class JsonStrings {

    private JsonStrings() {
    }

    static void write(CharSequence s, Appendable out) throws IOException {
        out.append('"');
        int n = s.length();
        for (int i = 0; i < n; i++) {
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
                    if (c < 0x20 || c == '\u2028' || c == '\u2029' || lone(s, i, c)) {
                        unicode(c, out);
                    } else {
                        out.append(c);
                        if (Character.isHighSurrogate(c)) {
                            out.append(s.charAt(++i));
                        }
                    }
                }
            }
        }
        out.append('"');
    }

    /** Whether {@code c} at {@code i} is a surrogate that is not part of a pair. */
    private static boolean lone(CharSequence s, int i, char c) {
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
        }
        return Character.isLowSurrogate(c);
    }

    private static void unicode(char c, Appendable out) throws IOException {
        String hex = Integer.toHexString(c);
        out.append("\\u");
        for (int k = hex.length(); k < 4; k++) {
            out.append('0');
        }
        out.append(hex);
    }

    /** Reads the string literal at {@code c} (on its opening quote). */
    static String read(Cursor c) {
        StringBuilder b = new StringBuilder();
        c.pos++;
        String text = c.text;
        while (c.pos < text.length()) {
            char ch = text.charAt(c.pos++);
            if (ch == '"') {
                return b.toString();
            }
            if (ch == '\\') {
                if (c.pos >= text.length()) {
                    break;
                }
                char e = text.charAt(c.pos++);
                switch (e) {
                    case '"', '\\', '/' -> b.append(e);
                    case 'b' -> b.append('\b');
                    case 'f' -> b.append('\f');
                    case 'n' -> b.append('\n');
                    case 'r' -> b.append('\r');
                    case 't' -> b.append('\t');
                    case 'u' -> b.append(hex4(c));
                    default -> {
                        c.pos -= 2;
                        throw c.error("bad escape '\\" + e + "'");
                    }
                }
            } else if (ch < 0x20) {
                c.pos--;
                throw c.error("control character U+%04X in string; write it as an escape".formatted((int) ch));
            } else {
                b.append(ch);
            }
        }
        throw c.error("unterminated string");
    }

    private static char hex4(Cursor c) {
        int v = 0;
        for (int k = 0; k < 4; k++) {
            int d = c.pos + k < c.text.length() ? Character.digit(c.text.charAt(c.pos + k), 16) : -1;
            if (d < 0 || c.text.charAt(c.pos + k) > 0x7f) {
                c.pos -= 2;
                throw c.error("bad \\u escape: four hex digits must follow \\u");
            }
            v = v * 16 + d;
        }
        c.pos += 4;
        return (char) v;
    }
}
