package dev.quiesce.splice;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * What a plan does to one site: the bytes at {@code address} before and after (Xen: the {@code len} bytes that
 * {@code arch_livepatch_apply()} saves into {@code insn_buffer} and overwrites, xen/arch/x86/livepatch.c).
 *
 * @param function the patched function's name
 * @param address  {@code old_addr + patch_offset}
 * @param before   the bytes there when the plan was made
 * @param after    the bytes there once the plan has run; the same length as {@code before}
 */
public record SiteChange(String function, long address, byte[] before, byte[] after) {

    public SiteChange {
        Objects.requireNonNull(function, "function");
        if (before.length != after.length) {
            throw new IllegalArgumentException("a site change keeps the length: %d bytes before, %d after"
                    .formatted(before.length, after.length));
        }
        before = before.clone();
        after = after.clone();
    }

    /** A copy of the bytes before. */
    @Override
    public byte[] before() {
        return before.clone();
    }

    /** A copy of the bytes after. */
    @Override
    public byte[] after() {
        return after.clone();
    }

    /** The number of bytes of the site. */
    public int length() {
        return before.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SiteChange c && function.equals(c.function) && address == c.address
                && Arrays.equals(before, c.before) && Arrays.equals(after, c.after);
    }

    @Override
    public int hashCode() {
        return Objects.hash(function, address, Arrays.hashCode(before), Arrays.hashCode(after));
    }

    @Override
    public String toString() {
        HexFormat hex = HexFormat.of();
        return "SiteChange[%s @0x%x: %s -> %s]".formatted(function, address, hex.formatHex(before),
                hex.formatHex(after));
    }
}
