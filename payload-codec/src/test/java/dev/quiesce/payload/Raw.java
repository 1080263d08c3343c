package dev.quiesce.payload;

import dev.quiesce.elf.ElfFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Test support: byte patches of a payload at the offsets of its ELF header and section headers. */
final class Raw {

    /** Section header fields. */
    static final int SH_TYPE = 4;
    static final int SH_FLAGS = 8;
    static final int SH_OFFSET = 0x18;
    static final int SH_SIZE = 0x20;
    static final int SH_ADDRALIGN = 0x30;

    private Raw() {
    }

    /** A copy of {@code bytes} with {@code width} bytes at {@code at} set to {@code value}, little-endian. */
    static byte[] patch(byte[] bytes, long at, int width, long value) {
        byte[] copy = bytes.clone();
        for (int i = 0; i < width; i++) {
            copy[(int) at + i] = (byte) (value >>> (8 * i));
        }
        return copy;
    }

    /** The file offset of the header of the first section named {@code name}. */
    static long header(byte[] bytes, String name) {
        ElfFile f = ElfFile.parse("p", bytes);
        int index = f.findSection(name).orElseThrow().index();
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(0x28) + 64L * index;
    }

    /** The file offset of the first section named {@code name}'s data. */
    static long data(byte[] bytes, String name) {
        return ElfFile.parse("p", bytes).findSection(name).orElseThrow().offset();
    }

    /** A copy with a field of {@code section}'s header set. */
    static byte[] field(byte[] bytes, String section, int field, int width, long value) {
        return patch(bytes, header(bytes, section) + field, width, value);
    }
}
