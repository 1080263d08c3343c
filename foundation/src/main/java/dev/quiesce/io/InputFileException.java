package dev.quiesce.io;

import java.io.IOException;

/**
 * An input file that cannot be read as asked: missing, not a regular file, too large, unreadable. Its message is
 * one line naming the file and saying what to do; {@link #reason()} lets a caller map it to an errno.
 */
public final class InputFileException extends IOException {

    private static final long serialVersionUID = 1L;

    /** Why the file was not read. */
    public enum Reason {
        /** No such file (ENOENT). */
        MISSING(2),
        /** A directory (EISDIR). */
        DIRECTORY(21),
        /** A FIFO, socket or device: reading it could block or never end (EINVAL). */
        NOT_REGULAR(22),
        /** Larger than the reader's bound (EFBIG). */
        TOO_LARGE(27),
        /** Permission denied (EACCES). */
        DENIED(13),
        /** Any other I/O failure (EIO). */
        IO(5);

        private final int errno;

        Reason(int errno) {
            this.errno = errno;
        }

        /** The Linux errno that says the same. */
        public int errno() {
            return errno;
        }
    }

    private final Reason reason;

    InputFileException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /** Why the file was not read. */
    public Reason reason() {
        return reason;
    }
}
