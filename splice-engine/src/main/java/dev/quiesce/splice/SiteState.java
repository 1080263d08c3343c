package dev.quiesce.splice;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * What guest memory shows at one site of a payload, compared with the bytes the engine wrote and saved (Xen
 * keeps the same per function as {@code fstate[i].applied}, xen/common/livepatch.c).
 *
 * @param function the patched function
 * @param address  the site ({@code old_addr + patch_offset})
 * @param kind     what the bytes there mean for this payload
 * @param actual   the bytes in memory now
 */
public record SiteState(String function, long address, Kind kind, byte[] actual) {

    /** The meaning of a site's current bytes for one payload. */
    public enum Kind {
        /** The payload's patch is there. */
        APPLIED,
        /** The payload is applied, and a payload stacked later patched the same site over it. */
        SHADOWED,
        /** The saved undo bytes are there. */
        NOT_APPLIED,
        /** Neither: a half-written or foreign patch. */
        CORRUPT
    }

    public SiteState {
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(kind, "kind");
        actual = actual.clone();
    }

    /** A copy of the bytes in memory. */
    @Override
    public byte[] actual() {
        return actual.clone();
    }

    /** Whether the payload counts as applied at this site. */
    public boolean applied() {
        return kind == Kind.APPLIED || kind == Kind.SHADOWED;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SiteState s && function.equals(s.function) && address == s.address && kind == s.kind
                && Arrays.equals(actual, s.actual);
    }

    @Override
    public int hashCode() {
        return Objects.hash(function, address, kind, Arrays.hashCode(actual));
    }

    @Override
    public String toString() {
        return "%s@0x%x %s (%s)".formatted(function, address, kind, HexFormat.of().formatHex(actual));
    }
}
