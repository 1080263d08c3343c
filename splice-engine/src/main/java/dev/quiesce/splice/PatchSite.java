package dev.quiesce.splice;

import dev.quiesce.payload.Expectation;
import java.util.Objects;

/**
 * One function a payload patches, as the splice needs it: the resolved fields of a {@code struct livepatch_func}
 * (Xen: public sysctl.h; written by {@code arch_livepatch_apply()} in xen/arch/x86/livepatch.c).
 *
 * @param function the old function's name (for messages)
 * @param oldAddr  the function to patch
 * @param oldSize  its size in bytes
 * @param newAddr  the replacement function, or 0 for a NOP patch
 * @param newSize  the replacement's size, or for a NOP patch the number of bytes to NOP (counted from
 *                 {@code oldAddr}, so the ENDBR64 offset is subtracted)
 * @param expect   the bytes {@code oldAddr} must start with, or {@link Expectation#none()}
 */
public record PatchSite(String function, long oldAddr, int oldSize, long newAddr, int newSize, Expectation expect) {

    public PatchSite {
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(expect, "expect");
    }

    /** Whether this is a NOP patch ({@code new_addr == 0}). */
    public boolean isNop() {
        return newAddr == 0;
    }
}
