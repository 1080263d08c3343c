package dev.quiesce.payload;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The byte layout of one 64-bit {@code struct livepatch_func}, 104 bytes (Xen: xen/include/public/sysctl.h):
 * {@code name} at 0, {@code new_addr} 8, {@code old_addr} 16, {@code new_size} 24, {@code old_size} 28,
 * {@code version} 32, {@code _pad[39]} 33, {@code expect} 72 (one byte {@code enabled:1, len:5, rsv:2}, then
 * {@code data[31]}).
 */
final class LivepatchFunc {

    static final int SIZE = 104;
    static final int NAME = 0;
    static final int NEW_ADDR = 8;
    static final int OLD_ADDR = 16;
    static final int NEW_SIZE = 24;
    static final int OLD_SIZE = 28;
    static final int VERSION = 32;
    static final int EXPECT = 72;
    static final int EXPECT_DATA = 73;
    /** {@code LIVEPATCH_PAYLOAD_VERSION}. */
    static final int PAYLOAD_VERSION = 2;

    private LivepatchFunc() {
    }

    /** One entry with {@code name} and {@code new_addr} zero (they are relocated) and {@code _pad} zero. */
    static byte[] encode(long oldAddr, int newSize, int oldSize, Expectation expect) {
        ByteBuffer b = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(OLD_ADDR, oldAddr).putInt(NEW_SIZE, newSize).putInt(OLD_SIZE, oldSize).put(VERSION, (byte) PAYLOAD_VERSION);
        b.put(EXPECT, expectByte(expect));
        b.put(EXPECT_DATA, expect.data());
        return b.array();
    }

    /** The bitfield byte: {@code enabled} in bit 0, {@code len} in bits 1–5, {@code rsv} in bits 6–7 (GCC, x86-64). */
    static byte expectByte(Expectation e) {
        return (byte) ((e.enabled() ? 1 : 0) | e.length() << 1 | e.reserved() << 6);
    }

    /** The expectation stored at {@code at}; {@code data} holds the first {@code len} bytes. */
    static Expectation expectation(ByteBuffer b, int at) {
        int bits = b.get(at + EXPECT) & 0xff;
        int length = bits >>> 1 & 0x1f;
        byte[] data = new byte[length];
        b.get(at + EXPECT_DATA, data);
        return new Expectation((bits & 1) != 0, length, data, bits >>> 6);
    }
}
