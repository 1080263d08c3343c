package dev.quiesce.usercode.textlib;

/**
 * Test support: cuts one top-level function definition (with the comment just above it) out of C
 * source written in the library's style (return type and name on one line, the closing brace alone
 * at the start of a line), to compose a source that mixes the functions of two versions.
 */
final class CFunctions {

    private CFunctions() {
    }

    /** The text of function {@code name}: its leading comment, signature and body. */
    static String text(String source, String name) {
        int sig = source.indexOf(" " + name + "(struct");
        if (sig < 0) {
            throw new IllegalArgumentException("no function " + name);
        }
        int lineStart = source.lastIndexOf('\n', sig) + 1;
        int commentEnd = source.lastIndexOf("*/\n", lineStart);
        int start = commentEnd >= 0 && commentEnd + 3 == lineStart ? source.lastIndexOf("/*", commentEnd) : lineStart;
        int end = source.indexOf("\n}\n", sig) + 3;
        return source.substring(start, end);
    }

    /** {@code source} with function {@code name} replaced by {@code replacement}. */
    static String replace(String source, String name, String replacement) {
        return source.replace(text(source, name), replacement);
    }
}
