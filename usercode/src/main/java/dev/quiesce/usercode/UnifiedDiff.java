package dev.quiesce.usercode;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fix as a unified diff ({@code diff -u}, {@code git diff}, {@code git format-patch}): the files it changes, each
 * with its hunks, read strictly. Paths are taken as {@code patch -p1} takes them: the first folder is dropped (git's
 * {@code a/} and {@code b/}, or the two trees of {@code diff -ru src fix}); a bare file name is kept as it is.
 * Absolute paths and {@code ..} are refused, so a diff can only name files inside the tree it is applied to. {@link DiffApplier} applies it.
 */
public record UnifiedDiff(List<FilePatch> files) {

    /** At most this many lines in one diff (a fix is small; a hostile file is bounded). */
    public static final int MAX_LINES = 200_000;

    private static final Pattern HUNK = Pattern.compile("^@@ -(\\d+)(?:,(\\d+))? \\+(\\d+)(?:,(\\d+))? @@.*$");

    /** One file's change: {@code oldPath} is null for a new file, {@code newPath} null for a deleted one. */
    public record FilePatch(String oldPath, String newPath, List<Hunk> hunks) {
    }

    /**
     * One hunk: where it starts in the old file (1-based; 0 for an empty old file) and its lines, each starting with
     * {@code ' '} (context), {@code '-'} (removed) or {@code '+'} (added).
     */
    public record Hunk(int oldStart, List<String> lines) {
    }

    /**
     * Reads a unified diff; {@code origin} names it in errors.
     *
     * @throws IllegalArgumentException naming the line, for a diff that is malformed, names a path outside its tree,
     *                                  changes no file, or has hunks whose line counts do not match their headers
     */
    public static UnifiedDiff parse(String text, String origin) {
        List<String> lines = text.lines().toList();
        if (lines.size() > MAX_LINES) {
            throw new IllegalArgumentException(origin + " has " + lines.size() + " lines; a fix has at most " + MAX_LINES);
        }
        List<FilePatch> files = new ArrayList<>();
        int i = 0;
        while (i < lines.size()) {
            if (!lines.get(i).startsWith("--- ") || i + 1 >= lines.size() || !lines.get(i + 1).startsWith("+++ ")) {
                i++; // commit message, "diff --git", "index" lines: not part of a file's change
                continue;
            }
            String oldName = name(lines.get(i).substring(4));
            String newName = name(lines.get(i + 1).substring(4));
            String oldPath = path(oldName, origin, i + 1);
            String newPath = path(newName, origin, i + 2);
            if (oldPath == null && newPath == null) {
                throw new IllegalArgumentException(origin + ":" + (i + 1) + ": both sides of the file are /dev/null");
            }
            i += 2;
            List<Hunk> hunks = new ArrayList<>();
            while (i < lines.size() && lines.get(i).startsWith("@@")) {
                Matcher m = HUNK.matcher(lines.get(i));
                if (!m.matches()) {
                    throw new IllegalArgumentException(origin + ":" + (i + 1) + ": a hunk header must read"
                            + " '@@ -start,count +start,count @@'");
                }
                int oldCount = m.group(2) == null ? 1 : Integer.parseInt(m.group(2));
                int newCount = m.group(4) == null ? 1 : Integer.parseInt(m.group(4));
                int header = i++;
                List<String> body = new ArrayList<>();
                int seenOld = 0;
                int seenNew = 0;
                while (i < lines.size() && (seenOld < oldCount || seenNew < newCount)) {
                    String l = lines.get(i++);
                    if (l.startsWith("\\")) {
                        continue; // "\ No newline at end of file"
                    }
                    char c = l.isEmpty() ? ' ' : l.charAt(0); // some tools strip the blank of an empty context line
                    if (c != ' ' && c != '-' && c != '+') {
                        throw new IllegalArgumentException(origin + ":" + i + ": a hunk line must start with ' ', '-'"
                                + " or '+' (the hunk at line " + (header + 1) + " is shorter than its header says)");
                    }
                    seenOld += c == '+' ? 0 : 1;
                    seenNew += c == '-' ? 0 : 1;
                    body.add(l.isEmpty() ? " " : l);
                }
                if (seenOld != oldCount || seenNew != newCount) {
                    throw new IllegalArgumentException(origin + ":" + (header + 1) + ": the hunk has " + seenOld + " old and "
                            + seenNew + " new lines, its header says " + oldCount + " and " + newCount);
                }
                while (i < lines.size() && lines.get(i).startsWith("\\")) {
                    i++;
                }
                hunks.add(new Hunk(Integer.parseInt(m.group(1)), List.copyOf(body)));
            }
            if (hunks.isEmpty()) {
                throw new IllegalArgumentException(origin + ":" + (i - 1) + ": file " + (newPath != null ? newPath : oldPath)
                        + " has no hunk");
            }
            files.add(new FilePatch(oldPath, newPath, List.copyOf(hunks)));
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException(origin + " changes no file: it holds no '--- old' / '+++ new' pair"
                    + " (make it with diff -u or git diff)");
        }
        return new UnifiedDiff(List.copyOf(files));
    }

    /** The file name of a {@code ---}/{@code +++} line, without the tab-separated timestamp diff -u adds. */
    private static String name(String rest) {
        int tab = rest.indexOf('\t');
        return (tab >= 0 ? rest.substring(0, tab) : rest).strip();
    }

    private static String path(String name, String origin, int line) {
        if (name.equals("/dev/null")) {
            return null;
        }
        int slash = name.indexOf('/');
        String p = slash > 0 ? name.substring(slash + 1) : name;
        if (p.isEmpty() || name.startsWith("/") || p.contains("\\") || List.of(p.split("/")).contains("..")) {
            throw new IllegalArgumentException(origin + ":" + line + ": path '" + dev.quiesce.text.Untrusted.show(p)
                    + "' is not a relative path inside the tree (no leading '/', no '..')");
        }
        return p;
    }
}
