package dev.quiesce.emulator.link.dwarf;

import java.nio.charset.StandardCharsets;

/**
 * A little-endian reader over {@code [position, limit)} of a byte array that never reads outside it: every
 * overrun, over-long LEB128 or unterminated string is a {@link DwarfFormatException}.
 */
final class DwarfCursor {

    private final byte[] data;
    private int position;
    private int limit;

    DwarfCursor(byte[] data, int position, int limit) {
        if (position < 0 || limit < position || limit > data.length) {
            throw new DwarfFormatException("range [%d, %d) outside %d bytes".formatted(position, limit, data.length));
        }
        this.data = data;
        this.position = position;
        this.limit = limit;
    }

    int position() {
        return position;
    }

    int limit() {
        return limit;
    }

    boolean atEnd() {
        return position >= limit;
    }

    /** Moves to {@code to}, which must lie in {@code [position, limit]}. */
    void seek(int to) {
        if (to < 0 || to > limit) {
            throw new DwarfFormatException("seek to %d outside [0, %d]".formatted(to, limit));
        }
        position = to;
    }

    /** Narrows the end to {@code newLimit}, which must not be past the current one. */
    void limitTo(long newLimit) {
        if (newLimit < position || newLimit > limit) {
            throw new DwarfFormatException("length ends at %d outside [%d, %d]".formatted(newLimit, position, limit));
        }
        limit = (int) newLimit;
    }

    void skip(long n) {
        need(n);
        position += (int) n;
    }

    int u8() {
        need(1);
        return data[position++] & 0xff;
    }

    int s8() {
        need(1);
        return data[position++];
    }

    int u16() {
        return (int) fixed(2);
    }

    long u32() {
        return fixed(4);
    }

    long u64() {
        return fixed(8);
    }

    /** An unsigned little-endian value of {@code size} bytes (1, 2, 4 or 8). */
    long fixed(int size) {
        need(size);
        long v = 0;
        for (int i = 0; i < size; i++) {
            v |= (data[position + i] & 0xffL) << (8 * i);
        }
        position += size;
        return v;
    }

    /** An unsigned LEB128 of at most 10 bytes (bits past 64 dropped). */
    long uleb() {
        long v = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            int b = u8();
            if (shift < 64) {
                v |= (long) (b & 0x7f) << shift;
            }
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        throw new DwarfFormatException("LEB128 longer than 10 bytes at " + position);
    }

    /** A signed LEB128 of at most 10 bytes. */
    long sleb() {
        long v = 0;
        int shift = 0;
        int b;
        do {
            if (shift >= 70) {
                throw new DwarfFormatException("LEB128 longer than 10 bytes at " + position);
            }
            b = u8();
            if (shift < 64) {
                v |= (long) (b & 0x7f) << shift;
            }
            shift += 7;
        } while ((b & 0x80) != 0);
        if (shift < 64 && (b & 0x40) != 0) {
            v |= -1L << shift;
        }
        return v;
    }

    /** A NUL-terminated UTF-8 string. */
    String cstring() {
        int start = position;
        while (position < limit && data[position] != 0) {
            position++;
        }
        if (position >= limit) {
            throw new DwarfFormatException("unterminated string at " + start);
        }
        return new String(data, start, position++ - start, StandardCharsets.UTF_8);
    }

    /** The NUL-terminated string at {@code offset} of {@code table} (a string section), bounded by it. */
    static String stringAt(byte[] table, long offset) {
        if (table == null || offset < 0 || offset >= table.length) {
            throw new DwarfFormatException("string offset %d outside a table of %d bytes".formatted(offset,
                    table == null ? 0 : table.length));
        }
        return new DwarfCursor(table, (int) offset, table.length).cstring();
    }

    private void need(long n) {
        if (n < 0 || n > limit - position) {
            throw new DwarfFormatException("%d bytes needed at %d, %d left".formatted(n, position, limit - position));
        }
    }
}
