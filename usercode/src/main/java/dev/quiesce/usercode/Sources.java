package dev.quiesce.usercode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The C sources named by a list of files and folders: a file as it is (it must end in {@code .c}), a folder by every
 * {@code *.c} below it, each list sorted by path, so the objects and their link order never depend on the order a
 * file system lists a folder in.
 */
public final class Sources {

    /** At most this many sources in one user guest (a large library has a few hundred files). */
    public static final int MAX_SOURCES = 4096;

    private Sources() {
    }

    /**
     * The sources of {@code entries}, in entry order, each folder's files sorted.
     *
     * @param what names the list in errors ({@code guest.sources}, {@code build.base})
     * @throws IllegalArgumentException for a missing entry, a file that is not {@code .c}, a folder with no
     *                                  {@code .c}, or two sources that would give the same object name
     */
    public static List<SourceFile> of(List<Path> entries, String what) {
        if (entries.isEmpty()) {
            throw new IllegalArgumentException(what + " is empty: name the C files or folders of your code");
        }
        List<SourceFile> out = new ArrayList<>();
        for (Path entry : entries) {
            Path p = entry.toAbsolutePath().normalize();
            if (Files.isDirectory(p)) {
                List<Path> found = below(p);
                if (found.isEmpty()) {
                    throw new IllegalArgumentException(what + " folder " + entry + " holds no .c file: add your sources"
                            + " there or name the files");
                }
                found.forEach(f -> out.add(source(p, p.relativize(f))));
            } else if (Files.isRegularFile(p)) {
                if (!p.getFileName().toString().endsWith(".c")) {
                    throw new IllegalArgumentException(what + " " + entry + " is not a .c file: name C sources or"
                            + " folders of them (headers are found through #include)");
                }
                out.add(source(p.getParent(), p.getFileName()));
            } else {
                throw new IllegalArgumentException(what + " " + entry + " does not exist (paths are relative to the"
                        + " scenario file's folder)");
            }
        }
        if (out.size() > MAX_SOURCES) {
            throw new IllegalArgumentException(what + " names " + out.size() + " sources; at most " + MAX_SOURCES);
        }
        Map<String, SourceFile> byName = new TreeMap<>();
        for (SourceFile s : out) {
            SourceFile other = byName.put(s.objectName(), s);
            if (other != null) {
                throw new IllegalArgumentException("%s: %s and %s would both compile to %s: rename one (objects are"
                        .formatted(what, other.path(), s.path(), s.objectName()) + " paired by name)");
            }
        }
        return List.copyOf(out);
    }

    private static SourceFile source(Path root, Path relative) {
        String rel = relative.toString().replace('\\', '/');
        return new SourceFile(root, relative, rel.substring(0, rel.length() - 2) + ".o");
    }

    private static List<Path> below(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(f -> f.getFileName().toString().endsWith(".c") && Files.isRegularFile(f))
                    .sorted(Comparator.comparing(f -> dir.relativize(f).toString())).toList();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot list " + dir + ": " + e.getMessage() + "; check the folder and its permissions", e);
        }
    }
}
