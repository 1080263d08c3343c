package dev.quiesce.cli.host;

import java.util.ArrayList;
import java.util.List;

/**
 * A shell line cut into words as a POSIX shell would for plain commands: blanks separate words, {@code '…'} keeps
 * everything inside as is, {@code "…"} keeps everything but a backslash before {@code "} or {@code \}, and a
 * backslash outside quotes keeps the next character. So names and paths with spaces can be given quoted.
 */
final class ShellWords {

    private ShellWords() {
    }

    /**
     * The words of {@code line}.
     *
     * @throws IllegalArgumentException for an unbalanced quote or a trailing backslash
     */
    static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean inWord = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(w.toString());
                    w.setLength(0);
                    inWord = false;
                }
            } else if (c == '\'') {
                int end = line.indexOf('\'', i + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("unbalanced ' in the line: close the quote");
                }
                w.append(line, i + 1, end);
                i = end;
                inWord = true;
            } else if (c == '"') {
                i = doubleQuoted(line, i + 1, w);
                inWord = true;
            } else if (c == '\\') {
                if (i + 1 >= line.length()) {
                    throw new IllegalArgumentException("a backslash ends the line: remove it or escape it (\\\\)");
                }
                w.append(line.charAt(++i));
                inWord = true;
            } else {
                w.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(w.toString());
        }
        return words;
    }

    private static int doubleQuoted(String line, int from, StringBuilder w) {
        for (int i = from; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                return i;
            }
            if (c == '\\' && i + 1 < line.length() && (line.charAt(i + 1) == '"' || line.charAt(i + 1) == '\\')) {
                c = line.charAt(++i);
            }
            w.append(c);
        }
        throw new IllegalArgumentException("unbalanced \" in the line: close the quote");
    }
}
