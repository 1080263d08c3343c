package dev.quiesce.payload;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * The {@code expect} field of a {@code struct livepatch_func}: the bytes the old function must start with for an
 * apply to proceed. In the struct it is one byte of bitfields {@code enabled:1, len:5, rsv:2} followed by
 * {@code data[31]} (Xen: {@code livepatch_expectation_t} in xen/include/public/sysctl.h; checked at apply by
 * {@code livepatch_verify_expectation_fn()} in xen/common/livepatch.c).
 *
 * @param enabled  whether the check is on
 * @param length   {@code len}: how many bytes to compare, 0..31
 * @param data     the expected bytes, at most 31 (zero-padded to 31 in the struct)
 * @param reserved {@code rsv}, the 2 reserved bits; Xen refuses to apply with -EINVAL when non-zero
 */
public record Expectation(boolean enabled, int length, byte[] data, int reserved) {

    /** {@code sizeof(data)}: {@code LIVEPATCH_OPAQUE_SIZE}. */
    public static final int MAX_LENGTH = 31;

    public Expectation {
        if (length < 0 || length > MAX_LENGTH) {
            throw new IllegalArgumentException("an expectation's length is 0..31 (5 bits), not %d".formatted(length));
        }
        if (data.length > MAX_LENGTH) {
            throw new IllegalArgumentException("an expectation holds at most 31 bytes, not %d".formatted(data.length));
        }
        if (reserved < 0 || reserved > 3) {
            throw new IllegalArgumentException("the reserved bits are 2 bits, not %d".formatted(reserved));
        }
        data = data.clone();
    }

    /** An expectation with the reserved bits zero. */
    public Expectation(boolean enabled, int length, byte[] data) {
        this(enabled, length, data, 0);
    }

    /** The disabled expectation (all zero). */
    public static Expectation none() {
        return new Expectation(false, 0, new byte[0], 0);
    }

    /** An enabled expectation that the old function starts with {@code bytes}. */
    public static Expectation of(byte[] bytes) {
        return new Expectation(true, bytes.length, bytes, 0);
    }

    /** A copy of the expected bytes. */
    @Override
    public byte[] data() {
        return data.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Expectation e && enabled == e.enabled && length == e.length && reserved == e.reserved
                && Arrays.equals(data, e.data);
    }

    @Override
    public int hashCode() {
        return ((Boolean.hashCode(enabled) * 31 + length) * 31 + reserved) * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return enabled ? "Expectation[len=%d data=%s%s]".formatted(length, HexFormat.of().formatHex(data),
                reserved == 0 ? "" : " rsv=" + reserved) : "Expectation[disabled]";
    }
}
