package dev.quiesce.elf;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The bytes of one ELF file under parse, with bounds-checked little-endian reads and the range checks
 * that turn bad offsets and sizes into {@link ElfFormatException}s.
 */
final class ElfInput {

    private final String fileName;
    private final byte[] bytes;

    ElfInput(String fileName, byte[] bytes) {
        this.fileName = fileName;
        this.bytes = bytes;
    }

    String fileName() {
        return fileName;
    }

    long length() {
        return bytes.length;
    }

    byte[] bytes() {
        return bytes;
    }

    ElfFormatException error(String context, String detail) {
        return new ElfFormatException(fileName, context + ": " + detail);
    }

    /**
     * Checks that {@code [offset, offset + size)} lies inside the file, all values unsigned.
     *
     * @throws ElfFormatException e.g. {@code sh_offset 0x408 + sh_size 0x180 = 0x588 exceeds file size 0x500}
     */
    void requireInFile(String context, String offsetField, long offset, String sizeField, long size) {
        long end = offset + size;
        if (Long.compareUnsigned(end, offset) < 0) {
            throw error(context, "%s 0x%s + %s 0x%s overflows 64 bits".formatted(
                    offsetField, Long.toHexString(offset), sizeField, Long.toHexString(size)));
        }
        if (Long.compareUnsigned(end, bytes.length) > 0) {
            throw error(context, "%s 0x%s + %s 0x%s = 0x%s exceeds file size 0x%x".formatted(
                    offsetField, Long.toHexString(offset), sizeField, Long.toHexString(size),
                    Long.toHexString(end), bytes.length));
        }
    }

    int u8(long offset) {
        check(offset, 1);
        return bytes[(int) offset] & 0xff;
    }

    int u16(long offset) {
        check(offset, 2);
        int o = (int) offset;
        return (bytes[o] & 0xff) | (bytes[o + 1] & 0xff) << 8;
    }

    /** An unsigned 32-bit value, as the bits of an {@code int}. */
    int u32(long offset) {
        check(offset, 4);
        int o = (int) offset;
        return (bytes[o] & 0xff) | (bytes[o + 1] & 0xff) << 8 | (bytes[o + 2] & 0xff) << 16 | (bytes[o + 3] & 0xff) << 24;
    }

    long u64(long offset) {
        return (u32(offset) & 0xffffffffL) | (long) u32(offset + 4) << 32;
    }

    /** A copy of {@code [offset, offset + size)}; the range must have been checked. */
    byte[] slice(long offset, long size) {
        check(offset, size);
        return Arrays.copyOfRange(bytes, (int) offset, (int) (offset + size));
    }

    /**
     * The NUL-terminated string at {@code index} of the string table {@code [tableOffset, +tableSize)}.
     */
    String string(String context, String field, long index, long tableOffset, long tableSize, String tableName) {
        if (Long.compareUnsigned(index, tableSize) >= 0) {
            throw error(context, "%s 0x%s is outside %s (size 0x%s)".formatted(
                    field, Long.toHexString(index), tableName, Long.toHexString(tableSize)));
        }
        int start = (int) (tableOffset + index);
        int end = (int) (tableOffset + tableSize);
        for (int i = start; i < end; i++) {
            if (bytes[i] == 0) {
                return new String(bytes, start, i - start, StandardCharsets.UTF_8);
            }
        }
        throw error(context, "%s 0x%s in %s is not NUL-terminated before the table ends".formatted(
                field, Long.toHexString(index), tableName));
    }

    private void check(long offset, long size) {
        if (offset < 0 || size < 0 || offset > bytes.length - size) {
            throw new ElfFormatException(fileName, "read of 0x%x bytes at offset 0x%x is outside the file (size 0x%x)"
                    .formatted(size, offset, bytes.length));
        }
    }
}
