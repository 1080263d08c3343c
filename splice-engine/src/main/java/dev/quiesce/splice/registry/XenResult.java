package dev.quiesce.splice.registry;

import dev.quiesce.payload.Errno;
import java.util.Objects;
import java.util.Optional;

/**
 * What a livepatch sub-op returns to its caller: Xen's return value (0, or a negated errno; a vetoing hook's own
 * value) and a sentence for a person — on failure what is wrong and what to do (Xen: the return of
 * {@code livepatch_op()} in xen/common/livepatch.c, plus what Xen would have logged).
 *
 * @param rc      0 on success, else {@code -errno} (or a pre hook's non-zero return)
 * @param message what happened; never null
 */
public record XenResult(int rc, String message) {

    public XenResult {
        Objects.requireNonNull(message, "message");
    }

    /** A successful result. */
    public static XenResult ok(String message) {
        return new XenResult(0, message);
    }

    /** A failure with Xen's errno. */
    public static XenResult error(Errno errno, String message) {
        return new XenResult(errno.negated(), message);
    }

    /** Whether {@code rc == 0}. */
    public boolean ok() {
        return rc == 0;
    }

    /** The errno of a negative {@code rc}, if it is one Xen defines. */
    public Optional<Errno> errno() {
        return rc < 0 ? Errno.of(-rc) : Optional.empty();
    }

    @Override
    public String toString() {
        return rc == 0 ? "0: " + message : errno().map(e -> "-" + e.name()).orElse(Integer.toString(rc)) + ": " + message;
    }
}
