package dev.quiesce.splice.registry;

import dev.quiesce.payload.Errno;
import dev.quiesce.payload.XenErrorException;
import java.io.Serial;

/**
 * A livepatch sub-op that returns no value refused its arguments, with Xen's errno and a sentence that says what
 * to do — e.g. GET of a name no payload has: -ENOENT (Xen: {@code livepatch_get()} in xen/common/livepatch.c).
 */
public final class LivepatchException extends XenErrorException {

    @Serial
    private static final long serialVersionUID = 1L;

    /** A refusal with {@code errno} and the actionable {@code sentence}. */
    public LivepatchException(Errno errno, String sentence) {
        super(errno, sentence, null);
    }

    /** The refusal as a sub-op result. */
    public XenResult result() {
        return XenResult.error(errno(), getMessage());
    }
}
