package dev.quiesce.elf;

import java.util.Arrays;

/** Test support: a copy of a real ELF file with bytes patched at known header offsets. */
final class Patch {

    private final byte[] bytes;
    private final ElfFile original;

    private Patch(ElfFile original) {
        this.original = original;
        byte[] b = new byte[original.bytes().remaining()];
        original.bytes().get(b);
        this.bytes = b;
    }

    static Patch of(ElfFile elf) {
        return new Patch(elf);
    }

    /** File offset of section {@code index}'s header. */
    long header(int index) {
        return original.bytes().getLong(0x28) + 64L * index;
    }

    /** File offset of section {@code section}'s header field at {@code fieldOffset} (e.g. 0x20 for sh_size). */
    long field(String section, int fieldOffset) {
        return header(original.findSection(section).orElseThrow().index()) + fieldOffset;
    }

    Patch u8(long at, int value) {
        bytes[(int) at] = (byte) value;
        return this;
    }

    Patch u16(long at, int value) {
        return u8(at, value).u8(at + 1, value >>> 8);
    }

    Patch u32(long at, long value) {
        return u16(at, (int) value).u16(at + 2, (int) (value >>> 16));
    }

    Patch u64(long at, long value) {
        return u32(at, value).u32(at + 4, value >>> 32);
    }

    byte[] bytes() {
        return bytes.clone();
    }

    byte[] bytes(int length) {
        return Arrays.copyOf(bytes, length);
    }

    ElfFile parse() {
        return ElfFile.parse(original.fileName(), bytes);
    }
}
