package dev.quiesce.cli.host;

import dev.quiesce.io.InputFileException;
import dev.quiesce.io.InputFiles;
import dev.quiesce.payload.PayloadException;
import dev.quiesce.payload.envelope.EnvelopeCodec;
import dev.quiesce.payload.envelope.SignedPayload;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads the payload files named in shell commands, as {@code xen-livepatch} opens and maps them
 * ({@code upload_func}): relative names resolve against the {@code --payloads} directory when one is
 * given, else the working directory. A file that decodes as an envelope is uploaded as one, so the host's
 * {@link dev.quiesce.payload.envelope.SignaturePolicy} checks its signature before anything is loaded
 * (docs/trust.md); anything else is uploaded as it is, and the host rejects what is not a payload.
 */
final class PayloadFiles {

    /** A file's size on disk and what to upload: a bare file's bytes, or an envelope (its ELF inside). */
    record Loaded(long fileSize, byte[] bare, Optional<SignedPayload> envelope) {
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
        return new Loaded(bytes.length, bytes, isElf(bytes) ? Optional.empty() : envelope(bytes));
    }

    private static Optional<SignedPayload> envelope(byte[] bytes) {
        try {
            return Optional.of(EnvelopeCodec.decode(bytes));
        } catch (PayloadException | IllegalArgumentException notAnEnvelope) {
            return Optional.empty();
        }
    }

    private static boolean isElf(byte[] bytes) {
        return bytes.length >= 4 && bytes[0] == ELF_MAGIC[0] && bytes[1] == ELF_MAGIC[1] && bytes[2] == ELF_MAGIC[2]
                && bytes[3] == ELF_MAGIC[3];
    }
}
