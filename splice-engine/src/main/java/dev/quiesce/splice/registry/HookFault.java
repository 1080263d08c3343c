package dev.quiesce.splice.registry;

import dev.quiesce.payload.Errno;
import java.io.Serial;

/**
 * A payload hook that did not return: it faulted ({@code BUG()}, a wild access) or ran past its budget. Xen would
 * crash (a hook runs in hypervisor context, xen/common/livepatch.c); the registry fails the action instead, with
 * rc = -EFAULT ({@link #ERRNO}) and this sentence as the payload's detail, and leaves nothing half-applied.
 */
final class HookFault extends RuntimeException {

    /** The rc of an action whose hook faulted. */
    static final Errno ERRNO = Errno.EFAULT;

    @Serial
    private static final long serialVersionUID = 1L;

    HookFault(String sentence, Throwable cause) {
        super(sentence, cause);
    }
}
