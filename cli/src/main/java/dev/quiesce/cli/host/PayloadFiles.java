package dev.quiesce.cli.host;

import dev.quiesce.payload.PayloadException;
import dev.quiesce.payload.envelope.EnvelopeCodec;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads the payload files named in shell commands, as {@code xen-livepatch} opens and maps them
 * ({@code upload_func}): relative names resolve against the {@code --payloads} directory when one is
 * given, else the working directory. A signed envelope is unwrapped to its ELF (its signature is not
 * checked here; {@code quiesce payload verify} does that); anything else is uploaded as it is, and
 * the host rejects what is not a payload.
 */
final class PayloadFiles {

    /** A file's size on disk and the ELF bytes to upload. */
    record Loaded(long fileSize, byte[] elf) {
    }

    /** A file that could not be read, with the errno {@code open()} would have set. */
    static final class FileError extends Exception {
        private final int errno;

        FileError(int errno, String message) {
            super(message);
            this.errno = errno;
        }

        int errno() {
            return errno;
        }
    }

    private static final byte[] ELF_MAGIC = {0x7f, 'E', 'L', 'F'};

    private final Path directory;

    /** Files relative to {@code directory} (null: the working directory). */
    PayloadFiles(Path directory) {
        this.directory = directory;
    }

    Loaded read(String file) throws FileError {
        Path path = directory == null ? Path.of(file) : directory.resolve(file);
        byte[] bytes;
        try {
            if (Files.isDirectory(path)) {
                throw new FileError(21, path + " is a directory; name a .livepatch or .signed file");
            }
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new FileError(2, "no file " + path + (directory == null ? "" : " (looked in --payloads " + directory
                    + ")") + "; 'quiesce payload samples -o DIR' writes Xen's test payloads");
        } catch (AccessDeniedException e) {
            throw new FileError(13, "cannot read " + path + "; check its permissions");
        } catch (IOException e) {
            throw new FileError(5, "cannot read " + path + ": " + e.getMessage());
        }
        return new Loaded(bytes.length, isElf(bytes) ? bytes : unwrap(bytes));
    }

    private static byte[] unwrap(byte[] bytes) {
        try {
            return EnvelopeCodec.decode(bytes).elf();
        } catch (PayloadException | IllegalArgumentException notAnEnvelope) {
            return bytes;
        }
    }

    private static boolean isElf(byte[] bytes) {
        return bytes.length >= 4 && bytes[0] == ELF_MAGIC[0] && bytes[1] == ELF_MAGIC[1] && bytes[2] == ELF_MAGIC[2]
                && bytes[3] == ELF_MAGIC[3];
    }
}
