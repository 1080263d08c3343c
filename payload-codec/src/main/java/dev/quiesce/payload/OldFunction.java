package dev.quiesce.payload;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A function of the running image (or of a loaded payload) that a payload may patch.
 *
 * @param address    its address
 * @param size       its size in bytes
 * @param firstBytes its first bytes (at least 4, to recognise ENDBR64; fewer only for a shorter function)
 */
public record OldFunction(long address, long size, byte[] firstBytes) {

    public OldFunction {
        firstBytes = firstBytes.clone();
    }

    /** A copy of the first bytes. */
    @Override
    public byte[] firstBytes() {
        return firstBytes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OldFunction f && address == f.address && size == f.size
                && Arrays.equals(firstBytes, f.firstBytes);
    }

    @Override
    public int hashCode() {
        return (Long.hashCode(address) * 31 + Long.hashCode(size)) * 31 + Arrays.hashCode(firstBytes);
    }

    @Override
    public String toString() {
        return "OldFunction[0x%x size=%d first=%s]".formatted(address, size, HexFormat.of().formatHex(firstBytes));
    }
}
