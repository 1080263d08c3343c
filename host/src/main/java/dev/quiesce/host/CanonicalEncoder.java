package dev.quiesce.host;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * A writer of the canonical binary form that trace hashes are computed over: a one-byte type tag, then the record's
 * fields in a fixed order, each self-delimiting — unsigned LEB128 varints for counts, times and ids, zigzag varints for
 * values that may be negative, 8-byte little-endian words for addresses and flags, one byte for a boolean or an
 * enum's explicit code, and UTF-8 strings and lists prefixed with their length as a varint. Never {@code toString()}:
 * renaming a field or rewording a message cannot change a hash; only other values can.
 *
 * <p>Because every field is self-delimiting and each type fixes its fields after the tag, two records of a type encode
 * to the same bytes exactly when their values are equal. Reusable: {@link #reset()} and write the next record.
 */
public final class CanonicalEncoder {

    /**
     * The version of the canonical encoding, fed into every trace hash first: bump it when a record's encoding
     * changes on purpose (the goldens then change once).
     */
    public static final int VERSION = 2;

    private byte[] buf = new byte[64];
    private int size;

    /** Starts a new record: forgets what was written. */
    public CanonicalEncoder reset() {
        size = 0;
        return this;
    }

    /** A record's type tag (0..255), the first byte of its encoding. */
    public CanonicalEncoder tag(int tag) {
        if (tag < 0 || tag > 0xff) {
            throw new IllegalArgumentException("a tag is one byte: " + tag);
        }
        return u8(tag);
    }

    /** An enum constant's explicit, stable code (0..255) — never its ordinal by accident. */
    public CanonicalEncoder code(int code) {
        return tag(code);
    }

    /** A boolean: one byte, 0 or 1. */
    public CanonicalEncoder bool(boolean b) {
        return u8(b ? 1 : 0);
    }

    /** A count, time or id as an unsigned LEB128 varint of its 64 bits (a negative value takes 10 bytes). */
    public CanonicalEncoder varint(long v) {
        ensure(10);
        while ((v & ~0x7fL) != 0) {
            buf[size++] = (byte) ((v & 0x7f) | 0x80);
            v >>>= 7;
        }
        buf[size++] = (byte) v;
        return this;
    }

    /** A value that may be negative (an errno, CPU -1): zigzag, then a varint. */
    public CanonicalEncoder svarint(long v) {
        return varint((v << 1) ^ (v >> 63));
    }

    /** An address or a flags word: 8 bytes, little-endian. */
    public CanonicalEncoder fixed64(long v) {
        ensure(8);
        for (int i = 0; i < 8; i++) {
            buf[size++] = (byte) (v >>> (8 * i));
        }
        return this;
    }

    /** A string: its UTF-8 length as a varint, then the bytes. */
    public CanonicalEncoder string(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        varint(b.length);
        ensure(b.length);
        System.arraycopy(b, 0, buf, size, b.length);
        size += b.length;
        return this;
    }

    /** A list of strings: its length as a varint, then each string. */
    public CanonicalEncoder strings(List<String> list) {
        varint(list.size());
        list.forEach(this::string);
        return this;
    }

    /** A list of addresses: its length as a varint, then each as {@link #fixed64}. */
    public CanonicalEncoder words(long[] words) {
        varint(words.length);
        for (long w : words) {
            fixed64(w);
        }
        return this;
    }

    /** A list of counts: its length as a varint, then each as a {@link #varint}. */
    public CanonicalEncoder varints(List<? extends Number> list) {
        varint(list.size());
        list.forEach(n -> varint(n.longValue()));
        return this;
    }

    /** The bytes written since the last {@link #reset()}. */
    public byte[] toBytes() {
        return Arrays.copyOf(buf, size);
    }

    /** The internal buffer (valid up to {@link #size()}; overwritten by the next record). */
    byte[] buffer() {
        return buf;
    }

    /** Bytes written since the last {@link #reset()}. */
    public int size() {
        return size;
    }

    private CanonicalEncoder u8(int b) {
        ensure(1);
        buf[size++] = (byte) b;
        return this;
    }

    private void ensure(int more) {
        if (size + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
        }
    }
}
