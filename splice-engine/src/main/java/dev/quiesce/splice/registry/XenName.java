package dev.quiesce.splice.registry;

import dev.quiesce.payload.Errno;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A payload name as the sysctl carries it: a buffer, the {@code size} the caller claims (the NUL included) and
 * three pad bytes (Xen: {@code struct xen_livepatch_name} in xen/include/public/sysctl.h, checked by
 * {@code get_name()} in xen/common/livepatch.c). {@link #of(String)} builds what xen-livepatch sends;
 * {@link #raw} lets a caller send anything.
 */
public final class XenName {

    /** {@code XEN_LIVEPATCH_NAME_SIZE}: at most 128 bytes, the NUL included. */
    public static final int MAX_SIZE = 128;

    private final byte[] buffer;
    private final int size;
    private final byte[] pad;

    private XenName(byte[] buffer, int size, byte[] pad) {
        this.buffer = buffer.clone();
        this.size = size;
        this.pad = pad.clone();
    }

    /** The name as xen-livepatch sends it: its UTF-8 bytes and a NUL, size = length + 1, pad zero. */
    public static XenName of(String name) {
        byte[] text = name.getBytes(StandardCharsets.UTF_8);
        return new XenName(Arrays.copyOf(text, text.length + 1), text.length + 1, new byte[3]);
    }

    /**
     * A name exactly as given: {@code buffer} is what the hypervisor can copy (a {@code size} beyond it is a copy
     * fault), {@code pad} the three pad bytes.
     */
    public static XenName raw(byte[] buffer, int size, byte[] pad) {
        if (pad.length != 3) {
            throw new IllegalArgumentException("struct xen_livepatch_name has 3 pad bytes, not " + pad.length);
        }
        return new XenName(buffer, size, pad);
    }

    /**
     * The C string the hypervisor keeps (up to the first NUL), after {@code get_name()}'s checks in its order:
     * size 0 or over 128, a non-zero pad byte, a copy fault (-EFAULT), no NUL in the last byte.
     *
     * @throws LivepatchException -EINVAL or -EFAULT
     */
    public String resolve() {
        if (size <= 0 || size > MAX_SIZE) {
            throw new LivepatchException(Errno.EINVAL, ("a payload name is 1 to %d bytes with its NUL, not %d;"
                    + " use a shorter name").formatted(MAX_SIZE, size));
        }
        if (pad[0] != 0 || pad[1] != 0 || pad[2] != 0) {
            throw new LivepatchException(Errno.EINVAL, "the name's pad bytes must be zero; clear them");
        }
        if (size > buffer.length) {
            throw new LivepatchException(Errno.EFAULT, ("the name claims %d bytes but only %d can be read; pass its"
                    + " real length").formatted(size, buffer.length));
        }
        if (buffer[size - 1] != 0) {
            throw new LivepatchException(Errno.EINVAL, "the name's last byte (of %d) is not NUL; terminate it"
                    .formatted(size));
        }
        int end = 0;
        while (buffer[end] != 0) {
            end++;
        }
        return new String(buffer, 0, end, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "XenName[size=%d %s]".formatted(size, new String(buffer, 0, Math.min(size, buffer.length),
                StandardCharsets.UTF_8).replace("\0", "\\0"));
    }
}
