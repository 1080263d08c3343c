package dev.quiesce.json;

/** A position in a JSON text being read, which turns a problem there into a {@code origin:line:column} error. */
final class Cursor {

    final String text;
    final String origin;
    int pos;

    Cursor(String text, String origin) {
        this.text = text;
        this.origin = origin;
    }

    boolean atEnd() {
        return pos >= text.length();
    }

    /** The char at the position, or NUL at the end. */
    char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    /** Skips RFC 8259 whitespace: space, tab, line feed, carriage return. */
    void skipSpace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    void expect(char c, String where) {
        if (peek() != c) {
            throw error("expected '" + c + "' " + where);
        }
        pos++;
    }

    /** {@code what} at the current position: {@code origin:line:column: what}. */
    IllegalArgumentException error(String what) {
        int line = 1;
        int col = 1;
        for (int i = 0; i < Math.min(pos, text.length()); i++) {
            if (text.charAt(i) == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
        }
        return new IllegalArgumentException("%s:%d:%d: %s".formatted(origin, line, col, what));
    }
}
