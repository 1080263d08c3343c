package dev.quiesce.usercode.textlib;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Test support: which functions differ between a base and a patched build of the same sources (object
 * files of the same names), by {@link FunctionFingerprints}; the ground truth a payload builder's
 * changed and new function sets are checked against.
 *
 * @param changed functions in both builds whose fingerprints differ
 * @param added   functions only the patched build has
 * @param removed functions only the base build has
 */
record FunctionDiff(TreeSet<String> changed, TreeSet<String> added, TreeSet<String> removed) {

    static FunctionDiff between(List<Path> baseObjects, List<Path> patchedObjects) {
        FunctionDiff d = new FunctionDiff(new TreeSet<>(), new TreeSet<>(), new TreeSet<>());
        for (Path p : patchedObjects) {
            Path b = baseObjects.stream().filter(o -> o.getFileName().equals(p.getFileName())).findFirst().orElse(null);
            if (b != null && sameBytes(b, p)) {
                continue;
            }
            Map<String, List<String>> base = b == null || !Files.exists(b) ? Map.of()
                    : FunctionFingerprints.of(new ElfListing(b));
            Map<String, List<String>> patched = FunctionFingerprints.of(new ElfListing(p));
            patched.forEach((fn, text) -> {
                if (!base.containsKey(fn)) {
                    d.added.add(fn);
                } else if (!base.get(fn).equals(text)) {
                    d.changed.add(fn);
                }
            });
            base.keySet().stream().filter(fn -> !patched.containsKey(fn)).forEach(d.removed::add);
        }
        return d;
    }

    private static boolean sameBytes(Path a, Path b) {
        try {
            return Files.mismatch(a, b) == -1;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The diff as manifest lines ({@code changed NAME}, {@code new NAME}, {@code removed NAME}), sorted. */
    List<String> lines() {
        List<String> out = new ArrayList<>();
        changed.forEach(f -> out.add("changed " + f));
        added.forEach(f -> out.add("new " + f));
        removed.forEach(f -> out.add("removed " + f));
        return out;
    }
}
