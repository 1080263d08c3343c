package dev.quiesce.usercode;

import dev.quiesce.io.OutputFiles;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code quiesce guest init DIR}: the starting point of a user's own code — a C file with a workload function, the
 * same file with a fix, a scenario that runs one and applies a payload built from both, and a README of the contract.
 * A folder that is not empty is refused unless {@code force}; every file is written whole or not at all.
 */
public final class GuestInit {

    /** The files written, relative to DIR, in the order they are written. */
    public static final List<String> FILES = List.of("src/workload.c", "fix/workload.c", "scenario.conf", "README.md");

    private static final String RESOURCES = "/usercode/init/";

    private GuestInit() {
    }

    /**
     * Writes the starting point into {@code dir} (created if missing).
     *
     * @return the files written
     * @throws IllegalArgumentException when {@code dir} is a file, or is not empty and {@code force} is false
     */
    public static List<Path> write(Path dir, boolean force) throws IOException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException(dir + " is a file: name a folder for your code");
        }
        if (!force && Files.isDirectory(dir) && !empty(dir)) {
            throw new IllegalArgumentException(dir + " is not empty: name a new folder, or add --force to write "
                    + String.join(", ", FILES) + " into it (files of those names are replaced)");
        }
        OutputFiles.claimDirectory("DIR", dir, true, List.of());
        List<byte[]> contents = new ArrayList<>();
        for (String f : FILES) {
            contents.add(resource(f)); // every template read before a byte is written
        }
        List<Path> out = new ArrayList<>();
        for (int i = 0; i < FILES.size(); i++) {
            Path p = dir.resolve(FILES.get(i));
            OutputFiles.write(p, contents.get(i));
            out.add(p);
        }
        return out;
    }

    private static boolean empty(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }

    private static byte[] resource(String name) {
        try (InputStream in = GuestInit.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCES + name + " is missing: rebuild quiesce");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
