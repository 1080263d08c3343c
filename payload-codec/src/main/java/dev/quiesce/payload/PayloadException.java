package dev.quiesce.payload;

import java.io.Serial;

/**
 * A payload rejected as Xen would reject it: the Xen errno and a sentence that says what is wrong and what to
 * do, e.g. {@code -EINVAL: function 'do_foo' is 3 bytes; a JMP needs 5 — patch a larger function or use NOP
 * patching}. {@link #getMessage()} is the sentence; {@link #toString()} prefixes the negated errno.
 */
public final class PayloadException extends XenErrorException {

    @Serial
    private static final long serialVersionUID = 1L;

    /** A rejection with errno {@code errno} and the actionable {@code sentence}. */
    public PayloadException(Errno errno, String sentence) {
        super(errno, sentence, null);
    }

    /** A rejection caused by {@code cause} (e.g. an {@code ElfFormatException}). */
    public PayloadException(Errno errno, String sentence, Throwable cause) {
        super(errno, sentence, cause);
    }
}
