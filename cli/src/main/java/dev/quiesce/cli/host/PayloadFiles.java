package dev.quiesce.cli.host;

import dev.quiesce.io.InputFileException;
import dev.quiesce.io.InputFiles;
import dev.quiesce.payload.PayloadException;
import dev.quiesce.payload.envelope.EnvelopeCodec;

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
            bytes = InputFiles.read(path, EnvelopeCodec.MAX_ENVELOPE_BYTES, "payload file");
        } catch (InputFileException e) {
            throw switch (e.reason()) {
                case MISSING -> new FileError(2, "no file " + path + (directory == null ? "" : " (looked in --payloads "
                        + directory + ")") + "; 'quiesce payload samples -o DIR' writes Xen's test payloads");
                // Xen refuses a payload over LIVEPATCH_MAX_SIZE with -EINVAL; the file is not read to find out
                case TOO_LARGE -> new FileError(22, e.getMessage() + " (Xen takes up to 2 MiB, LIVEPATCH_MAX_SIZE)");
                default -> new FileError(e.reason().errno(), e.getMessage());
            };
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
