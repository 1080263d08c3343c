package dev.quiesce.splice.registry;

import dev.quiesce.payload.Errno;
import java.io.Serial;
import java.util.Objects;

/**
 * A livepatch sub-op that returns no value refused its arguments, with Xen's errno and a sentence that says what
 * to do — e.g. GET of a name no payload has: -ENOENT (Xen: {@code livepatch_get()} in xen/common/livepatch.c).
 */
public final class LivepatchException extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    private final Errno errno;

    /** A refusal with {@code errno} and the actionable {@code sentence}. */
    public LivepatchException(Errno errno, String sentence) {
        super(sentence);
        this.errno = Objects.requireNonNull(errno, "errno");
    }

    /** The Xen error number. */
    public Errno errno() {
        return errno;
    }

    /** The refusal as a sub-op result. */
    public XenResult result() {
        return XenResult.error(errno, getMessage());
    }

    @Override
    public String toString() {
        return "-" + errno.name() + ": " + getMessage();
    }
}
