package dev.quiesce.splice;

import dev.quiesce.payload.Errno;
import dev.quiesce.payload.XenErrorException;
import java.io.Serial;

/**
 * A splice the engine refuses, with Xen's errno and a sentence that says what to do, e.g. {@code -EOVERFLOW}
 * for a JMP whose target is beyond ±2 GiB (Xen: {@code livepatch_verify_distance()} in xen/common/livepatch.c)
 * or {@code -EINVAL} for a failed expectation ({@code livepatch_verify_expectation_fn()}).
 */
public final class SpliceException extends XenErrorException {

    @Serial
    private static final long serialVersionUID = 1L;

    /** A refusal with errno {@code errno} and the actionable {@code sentence}. */
    public SpliceException(Errno errno, String sentence) {
        super(errno, sentence, null);
    }

    /** A refusal caused by {@code cause}. */
    public SpliceException(Errno errno, String sentence, Throwable cause) {
        super(errno, sentence, cause);
    }
}
