package dev.quiesce.payload;

import java.util.Optional;

/**
 * An error number of Xen, as the hypervisor returns it negated (Xen: {@code xen/include/public/errno.h}).
 */
public enum Errno {
    EPERM(1),
    ENOENT(2),
    E2BIG(7),
    EAGAIN(11),
    ENOMEM(12),
    EACCES(13),
    EFAULT(14),
    EBUSY(16),
    EEXIST(17),
    EINVAL(22),
    ERANGE(34),
    ENOSYS(38),
    ENODATA(61),
    EOVERFLOW(75),
    EOPNOTSUPP(95),
    ENOBUFS(105);

    private final int number;

    Errno(int number) {
        this.number = number;
    }

    /** The positive number, e.g. 22 for {@code EINVAL}. */
    public int number() {
        return number;
    }

    /** The value a hypercall returns: the negated number, e.g. -22. */
    public int negated() {
        return -number;
    }

    /** The errno with this positive number. */
    public static Optional<Errno> of(int number) {
        for (Errno e : values()) {
            if (e.number == number) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }
}
