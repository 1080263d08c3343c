package dev.quiesce.splice;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * One store of code bytes at an address: the unit a CPU may observe between two others (Xen does one
 * {@code memcpy} per function in {@code arch_livepatch_apply()}, xen/arch/x86/livepatch.c).
 *
 * @param address the first byte written
 * @param bytes   the bytes, at least one
 */
public record Store(long address, byte[] bytes) implements PlanStep {

    public Store {
        if (bytes.length == 0) {
            throw new IllegalArgumentException("a store writes at least one byte");
        }
        bytes = bytes.clone();
    }

    /** A copy of the bytes. */
    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The number of bytes written. */
    public int length() {
        return bytes.length;
    }

    /** One past the last byte written. */
    public long end() {
        return address + bytes.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Store s && address == s.address && Arrays.equals(bytes, s.bytes);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(address) * 31 + Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "Store[0x%x: %s]".formatted(address, HexFormat.ofDelimiter(" ").formatHex(bytes));
    }
}
