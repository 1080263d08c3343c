package dev.quiesce.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Removal of a folder tree the tool made for itself (a compiler's scratch folder, a patched copy of sources). */
public final class Trees {

    private Trees() {
    }

    /** Deletes {@code tree} and everything under it, deepest first; nothing for null or a tree already gone. */
    public static void delete(Path tree) throws IOException {
        if (tree == null || !Files.exists(tree)) {
            return;
        }
        try (Stream<Path> s = Files.walk(tree)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
