package dev.quiesce.splice;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The undo buffer of one function of one payload: where its patch went, the bytes it wrote and the bytes that
 * were there before (Xen: {@code struct livepatch_fstate} with {@code patch_offset} and {@code insn_buffer},
 * filled by {@code arch_livepatch_apply()} in xen/arch/x86/livepatch.c). When payloads stack, the undo bytes of
 * the later one are the earlier one's JMP.
 *
 * @param function the patched function
 * @param address  {@code old_addr + patch_offset}
 * @param patched  the bytes the payload writes there
 * @param undo     the bytes that were there when the payload's plan was made
 */
public record SavedSite(String function, long address, byte[] patched, byte[] undo) {

    public SavedSite {
        Objects.requireNonNull(function, "function");
        if (patched.length != undo.length) {
            throw new IllegalArgumentException("patched and undo bytes differ in length");
        }
        patched = patched.clone();
        undo = undo.clone();
    }

    /** A copy of the patch bytes. */
    @Override
    public byte[] patched() {
        return patched.clone();
    }

    /** A copy of the undo bytes. */
    @Override
    public byte[] undo() {
        return undo.clone();
    }

    /** The number of bytes of the site (0 for a NOP patch that covers only the ENDBR64). */
    public int length() {
        return patched.length;
    }

    boolean patchedEquals(byte[] bytes) {
        return Arrays.equals(patched, bytes);
    }

    boolean undoEquals(byte[] bytes) {
        return Arrays.equals(undo, bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SavedSite s && function.equals(s.function) && address == s.address
                && Arrays.equals(patched, s.patched) && Arrays.equals(undo, s.undo);
    }

    @Override
    public int hashCode() {
        return Objects.hash(function, address, Arrays.hashCode(patched), Arrays.hashCode(undo));
    }

    @Override
    public String toString() {
        HexFormat hex = HexFormat.of();
        return "SavedSite[%s @0x%x patched=%s undo=%s]".formatted(function, address, hex.formatHex(patched),
                hex.formatHex(undo));
    }
}
