package dev.quiesce.payload;

import java.io.Serial;
import java.util.Objects;

/**
 * A refusal as Xen would refuse: the Xen errno and a sentence that says what is wrong and what to
 * do. {@link #getMessage()} is the sentence; {@link #toString()} prefixes the negated errno name,
 * e.g. {@code -EINVAL: …}. The base of the payload, splice and registry errors.
 */
public abstract class XenErrorException extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    private final Errno errno;

    protected XenErrorException(Errno errno, String sentence, Throwable cause) {
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
