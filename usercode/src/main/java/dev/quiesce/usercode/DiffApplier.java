package dev.quiesce.usercode;

import dev.quiesce.io.InputFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Applies a {@link UnifiedDiff} to a source tree as {@code patch -p1} (or {@code git apply}) would without fuzz: each
 * hunk's context and removed lines must appear in the file exactly, at the line its header names or, if earlier hunks
 * or unrelated edits moved it, at the nearest place after the previous hunk; otherwise the diff is refused, naming
 * the hunk. The result is a new tree: the base is copied and never changed.
 */
public final class DiffApplier {

    /** At most this many bytes in one source file of the base tree. */
    private static final long MAX_FILE_BYTES = 8L << 20;
    /** At most this many files copied from the base tree. */
    private static final int MAX_FILES = 4 * Sources.MAX_SOURCES;

    private DiffApplier() {
    }

    /**
     * Writes {@code base} with {@code diff} applied into the empty or missing folder {@code into}.
     *
     * @throws IllegalArgumentException for a hunk that does not apply, a file the diff changes that the base lacks,
     *                                  or a new file the base already has
     */
    public static void apply(Path base, UnifiedDiff diff, String origin, Path into) {
        try {
            copyTree(base, into);
            for (UnifiedDiff.FilePatch f : diff.files()) {
                Path target = into.resolve(f.newPath() != null ? f.newPath() : f.oldPath()).normalize();
                List<String> old = List.of();
                if (f.oldPath() != null) {
                    Path source = into.resolve(f.oldPath()).normalize();
                    if (!Files.isRegularFile(source)) {
                        throw new IllegalArgumentException(origin + " changes " + f.oldPath() + ", which is not in "
                                + base + ": make the diff against these sources");
                    }
                    old = text(source).lines().toList();
                    Files.delete(source);
                } else if (Files.exists(target)) {
                    throw new IllegalArgumentException(origin + " creates " + f.newPath() + ", which " + base
                            + " already has: make the diff against these sources");
                }
                List<String> patched = patch(old, f, origin);
                if (f.newPath() != null) {
                    Files.createDirectories(target.getParent());
                    Files.writeString(target, String.join("\n", patched) + (patched.isEmpty() ? "" : "\n"),
                            StandardCharsets.UTF_8);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The lines of one file after its hunks. */
    static List<String> patch(List<String> old, UnifiedDiff.FilePatch f, String origin) {
        List<String> out = new ArrayList<>();
        int cursor = 0;
        int number = 0;
        for (UnifiedDiff.Hunk h : f.hunks()) {
            number++;
            List<String> before = new ArrayList<>();
            List<String> after = new ArrayList<>();
            for (String l : h.lines()) {
                if (l.charAt(0) != '+') {
                    before.add(l.substring(1));
                }
                if (l.charAt(0) != '-') {
                    after.add(l.substring(1));
                }
            }
            int expected = before.isEmpty() ? h.oldStart() : h.oldStart() - 1;
            int at = nearestMatch(old, before, Math.max(expected, cursor), cursor);
            if (at < 0) {
                throw new IllegalArgumentException("%s: hunk %d of %s (old line %d) does not apply: the file differs there;"
                        .formatted(origin, number, f.oldPath() != null ? f.oldPath() : f.newPath(), h.oldStart())
                        + " make the diff against these sources");
            }
            out.addAll(old.subList(cursor, at));
            out.addAll(after);
            cursor = at + before.size();
        }
        out.addAll(old.subList(cursor, old.size()));
        return out;
    }

    /** The index nearest {@code expected}, not before {@code from}, where {@code old} holds {@code lines}; -1 if none. */
    private static int nearestMatch(List<String> old, List<String> lines, int expected, int from) {
        int last = old.size() - lines.size();
        for (int d = 0; expected - d >= from || expected + d <= last; d++) {
            if (expected + d <= last && expected + d >= from && matches(old, lines, expected + d)) {
                return expected + d;
            }
            if (d > 0 && expected - d >= from && expected - d <= last && matches(old, lines, expected - d)) {
                return expected - d;
            }
        }
        return -1;
    }

    private static boolean matches(List<String> old, List<String> lines, int at) {
        for (int k = 0; k < lines.size(); k++) {
            if (!old.get(at + k).equals(lines.get(k))) {
                return false;
            }
        }
        return true;
    }

    private static void copyTree(Path base, Path into) throws IOException {
        Files.createDirectories(into);
        List<Path> files;
        try (Stream<Path> s = Files.walk(base)) {
            files = s.filter(Files::isRegularFile).sorted().limit(MAX_FILES + 1L).toList();
        }
        if (files.size() > MAX_FILES) {
            throw new IllegalArgumentException(base + " holds more than " + MAX_FILES + " files");
        }
        for (Path p : files) {
            Path to = into.resolve(base.relativize(p).toString());
            Files.createDirectories(to.getParent());
            Files.write(to, InputFiles.read(p, MAX_FILE_BYTES, "source"));
        }
    }

    private static String text(Path p) throws IOException {
        return new String(InputFiles.read(p, MAX_FILE_BYTES, "source"), StandardCharsets.UTF_8);
    }
}
