package dev.quiesce.scenario;

import dev.quiesce.io.InputFiles;
import dev.quiesce.io.Trees;
import dev.quiesce.usercode.DiffApplier;
import dev.quiesce.usercode.UnifiedDiff;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The patched tree of a payload entry's {@code build { patch = FILE }}: the base folder with the unified diff applied,
 * in a temporary folder that lives only while the payload is compiled (the objects are kept in memory).
 */
final class PatchedTree {

    /** The largest diff read (a fix is a few kilobytes). */
    private static final long MAX_DIFF_BYTES = 4L << 20;

    private PatchedTree() {
    }

    /** {@code base} (one folder) with {@code diff} applied, in a new temporary folder. */
    static Path of(List<Path> base, Path diff, String what) {
        if (base.size() != 1 || !Files.isDirectory(base.get(0))) {
            throw new IllegalArgumentException(what + ".patch applies to one folder, but the base is " + base
                    + ": set " + what + ".base = DIR");
        }
        String origin = diff.getFileName().toString();
        try {
            UnifiedDiff parsed = UnifiedDiff.parse(InputFiles.readString(diff, MAX_DIFF_BYTES, "patch"), origin);
            Path into = Files.createTempDirectory("quiesce-patched-");
            try {
                DiffApplier.apply(base.get(0), parsed, origin, into);
            } catch (RuntimeException e) {
                delete(into);
                throw e;
            }
            return into;
        } catch (IOException e) {
            throw new IllegalArgumentException(what + ".patch: " + e.getMessage(), e);
        }
    }

    /** Deletes a tree made by {@link #of}; nothing for null. */
    static void delete(Path tree) {
        try {
            Trees.delete(tree);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
