package dev.quiesce.payload;

import java.io.Serial;
import java.util.Objects;

/**
 * A payload rejected as Xen would reject it: the Xen errno and a sentence that says what is wrong and what to
 * do, e.g. {@code -EINVAL: function 'do_foo' is 3 bytes; a JMP needs 5 — patch a larger function or use NOP
 * patching}. {@link #getMessage()} is the sentence; {@link #toString()} prefixes the negated errno.
 */
public final class PayloadException extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    private final Errno errno;

    /** A rejection with errno {@code errno} and the actionable {@code sentence}. */
    public PayloadException(Errno errno, String sentence) {
        super(sentence);
        this.errno = Objects.requireNonNull(errno, "errno");
    }

    /** A rejection caused by {@code cause} (e.g. an {@code ElfFormatException}). */
    public PayloadException(Errno errno, String sentence, Throwable cause) {
        super(sentence, cause);
        this.errno = Objects.requireNonNull(errno, "errno");
    }

    /** The Xen error number. */
    public Errno errno() {
        return errno;
    }

    /** {@code "-EINVAL: " + sentence}. */
    @Override
    public String toString() {
        return "-" + errno.name() + ": " + getMessage();
    }
}
