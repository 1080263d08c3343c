package dev.quiesce.usercode.textlib;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * Test support: the textlib sources of the test resources ({@code usercode/textlib}: {@code base/}, one
 * folder per fix under {@code fixes/} holding only the files it changes, the native {@code harness/}),
 * and the patched trees composed from them.
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

    /** Copies {@code base/} into {@code into}, then the files of fix {@code fix} over it: the full patched tree. */
    static Path patchedTree(String fix, Path into) {
        return patchedTree(List.of(fix), into);
    }

    /** Copies {@code base/} into {@code into}, then the files of each fix over it, in order. */
    static Path patchedTree(List<String> fixes, Path into) {
        copy(base(), into);
        for (String fix : fixes) {
            copy(root().resolve("fixes").resolve(fix), into);
        }
        return into;
    }

    /** The names of the files fix {@code fix} replaces. */
    static List<String> changedFiles(String fix) {
        return sources(root().resolve("fixes").resolve(fix)).stream().map(p -> p.getFileName().toString()).toList();
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
