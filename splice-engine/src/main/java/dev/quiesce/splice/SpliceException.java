package dev.quiesce.splice;

import dev.quiesce.payload.Errno;
import java.io.Serial;
import java.util.Objects;

/**
 * A splice the engine refuses, with Xen's errno and a sentence that says what to do, e.g. {@code -EOVERFLOW}
 * for a JMP whose target is beyond ±2 GiB (Xen: {@code livepatch_verify_distance()} in xen/common/livepatch.c)
 * or {@code -EINVAL} for a failed expectation ({@code livepatch_verify_expectation_fn()}).
 */
public final class SpliceException extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    private final Errno errno;

    /** A refusal with errno {@code errno} and the actionable {@code sentence}. */
    public SpliceException(Errno errno, String sentence) {
        super(sentence);
        this.errno = Objects.requireNonNull(errno, "errno");
    }

    /** A refusal caused by {@code cause}. */
    public SpliceException(Errno errno, String sentence, Throwable cause) {
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
