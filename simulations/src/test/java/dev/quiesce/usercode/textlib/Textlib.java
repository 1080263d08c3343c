package dev.quiesce.usercode.textlib;

import dev.quiesce.usercode.DiffApplier;
import dev.quiesce.usercode.UnifiedDiff;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Test support: the textlib sources of the test resources ({@code usercode/textlib}: {@code base/}, one
 * folder per fix under {@code fixes/} holding its unified diff against {@code base/} ({@code fix.patch}) and
 * what it must change, the native {@code harness/}), and the patched trees {@link DiffApplier} makes from them.
 */
final class Textlib {

    /** The folder of the library in the test resources. */
    static Path root() {
        try {
            return Path.of(Textlib.class.getResource("/usercode/textlib/base/textlib.h").toURI()).getParent().getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path base() {
        return root().resolve("base");
    }

    /** The names of the fixes, sorted. */
    static List<String> fixes() {
        try (Stream<Path> s = Files.list(root().resolve("fixes"))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The C sources and headers of a folder, sorted by name. */
    static List<Path> sources(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".c") || p.toString().endsWith(".h")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies {@code base/} into {@code into}: the base tree in another folder. */
    static Path baseTree(Path into) {
        copy(base(), into);
        return into;
    }

    /** {@code base/} with fix {@code fix}'s diff applied, written into the missing folder {@code into}. */
    static Path patchedTree(String fix, Path into) {
        return patchedTree(List.of(fix), into);
    }

    /**
     * {@code base/} with the diffs of {@code fixes} applied one after another (each to the tree the previous ones
     * made, in sibling folders of {@code into}), the last written into the missing folder {@code into}.
     */
    static Path patchedTree(List<String> fixes, Path into) {
        if (fixes.isEmpty()) {
            return baseTree(into);
        }
        Path tree = base();
        for (int i = 0; i < fixes.size(); i++) {
            Path next = i == fixes.size() - 1 ? into : into.resolveSibling(into.getFileName() + ".step" + i);
            DiffApplier.apply(tree, diff(fixes.get(i)), patchFile(fixes.get(i)).toString(), next);
            tree = next;
        }
        return into;
    }

    /** The names of the files fix {@code fix}'s diff changes, creates or deletes (relative to {@code base/}). */
    static List<String> changedFiles(String fix) {
        List<String> names = new ArrayList<>();
        for (UnifiedDiff.FilePatch f : diff(fix).files()) {
            names.add(f.newPath() != null ? f.newPath() : f.oldPath());
        }
        return names;
    }

    /** The unified diff of fix {@code fix} ({@code fixes/<fix>/fix.patch}). */
    static Path patchFile(String fix) {
        return root().resolve("fixes").resolve(fix).resolve("fix.patch");
    }

    private static UnifiedDiff diff(String fix) {
        try {
            return UnifiedDiff.parse(Files.readString(patchFile(fix)), patchFile(fix).toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The non-comment lines of a file of fix {@code fix} ({@code expected-functions.txt}, {@code expected-probe.txt}). */
    static List<String> manifest(String fix, String file) {
        try {
            return Files.readAllLines(root().resolve("fixes").resolve(fix).resolve(file)).stream()
                    .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copy(Path from, Path into) {
        try {
            Files.createDirectories(into);
            for (Path p : sources(from)) {
                Files.copy(p, into.resolve(p.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
