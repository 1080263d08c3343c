package dev.quiesce.usercode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes the small C files the tests compile. */
final class CFiles {

    private CFiles() {
    }

    /** Writes {@code text} to {@code dir/name} (folders created) and returns the path. */
    static Path write(Path dir, String name, String text) {
        try {
            Path f = dir.resolve(name);
            Files.createDirectories(f.getParent());
            Files.writeString(f, text);
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
