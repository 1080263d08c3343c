package dev.quiesce.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The one way quiesce claims and writes an output file: claimed before the work starts (a directory where a file is
 * wanted or the other way round, an existing file without {@code --force}, a private key, or one of the command's
 * own inputs is refused with one line saying what to do; parent folders are created), and written whole or not at
 * all (a temporary file beside it, then moved over it).
 */
public final class OutputFiles {

    private static final String PRIVATE_KEY = "-----BEGIN PRIVATE KEY-----";

    private OutputFiles() {
    }

    /**
     * Claims {@code file} for {@code option} before any work: refused when it is a directory, a private key, one of
     * {@code inputs}, or exists and {@code force} is false. Creates its parent folders.
     *
     * @throws IllegalArgumentException with the one-line reason
     */
    public static void claimFile(String option, Path file, boolean force, List<Path> inputs) {
        if (file == null) {
            return;
        }
        if (file.toString().isEmpty()) {
            throw new IllegalArgumentException(option + " is empty: give the file to write");
        }
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException(option + " " + file + " is a directory: give the file to write");
        }
        for (Path in : inputs) {
            if (in != null && same(file, in)) {
                throw new IllegalArgumentException(option + " " + file + " is also an input of this command: write"
                        + " the output to another file");
            }
        }
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            throw new IllegalArgumentException(option + " " + file + " is not a regular file (a device, a FIFO or a"
                    + " socket), which no command replaces, --force or not: name a regular file");
        }
        if (Files.exists(file)) {
            if (isPrivateKey(file)) {
                throw new IllegalArgumentException(option + " " + file + " is a private key; no command overwrites"
                        + " a key: name another file");
            }
            if (!force) {
                throw new IllegalArgumentException(option + " " + file + " exists: add --force to replace it, or"
                        + " name another file");
            }
        }
        parents(option, file);
    }

    /**
     * Claims directory {@code dir} for {@code option}, into which the command writes {@code names}: refused when it
     * is a file, or when one of those files exists and {@code force} is false. Creates it.
     */
    public static void claimDirectory(String option, Path dir, boolean force, List<String> names) {
        if (dir == null) {
            return;
        }
        if (dir.toString().isEmpty()) {
            throw new IllegalArgumentException(option + " is empty: give the directory to write "
                    + String.join(", ", names) + " into (. for this one)");
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException(option + " " + dir + " is a file: give a directory to write "
                    + String.join(", ", names) + " into");
        }
        if (!force) {
            for (String n : names) {
                if (Files.exists(dir.resolve(n))) {
                    throw new IllegalArgumentException(option + " " + dir + " already holds " + n
                            + ": add --force to replace it, or name another directory");
                }
            }
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot create " + option + " directory " + dir + ": " + e.getMessage()
                    + "; check the path and its permissions", e);
        }
        for (String n : names) {
            tryWriting(option, dir.resolve(n));
        }
    }

    /** Writes {@code bytes} to {@code file} whole or not at all; creates parent folders. */
    public static void write(Path file, byte[] bytes) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".part");
        try {
            Files.write(tmp, bytes);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Writes {@code text} as UTF-8 to {@code file} whole or not at all. */
    public static void writeString(Path file, String text) throws IOException {
        write(file, text.getBytes(StandardCharsets.UTF_8));
    }

    private static void parents(String option, Path file) {
        Path dir = file.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot create the folder of " + option + " " + file + ": "
                    + e.getMessage() + "; check the path and its permissions", e);
        }
        tryWriting(option, file);
    }

    /**
     * Creates and deletes the temporary file that {@link #write} will write {@code file} through, so that a folder
     * nothing can be written in (/proc, a read-only mount, no permission) or a name too long for the file system is
     * refused before the work, not after it.
     */
    private static void tryWriting(String option, Path file) {
        Path dir = file.toAbsolutePath().getParent();
        try {
            Files.delete(Files.createTempFile(dir, "." + file.getFileName(), ".part"));
        } catch (IOException | RuntimeException e) {
            String why = e instanceof java.nio.file.FileSystemException f && f.getReason() != null ? f.getReason()
                    : e.getMessage();
            throw new IllegalArgumentException("cannot write " + option + " " + file + " (" + why
                    + "): check the path, its length and the folder's permissions", e);
        }
    }

    private static boolean same(Path a, Path b) {
        try {
            return Files.exists(a) && Files.exists(b) ? Files.isSameFile(a, b)
                    : a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean isPrivateKey(Path file) {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(PRIVATE_KEY.length());
            return new String(head, StandardCharsets.ISO_8859_1).equals(PRIVATE_KEY);
        } catch (IOException e) {
            return false;
        }
    }
}
