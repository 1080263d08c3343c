package dev.quiesce.emulator.unicorn;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The native arrays of {@code uc_reg_read_batch}/{@code uc_reg_write_batch} for the SSE state
 * ({@link X86Reg#SSE_CONTEXT}: XMM0–15, MXCSR): {@code int ids[N] | void *vals[N] | 16-byte values[N]}. Unicorn reads
 * and writes an XMM register as 16 bytes (low quadword first) and MXCSR as 4. A register file of
 * {@link #LONGS} longs holds XMM{@code i} in slots {@code 2i} (low) and {@code 2i+1} (high) and MXCSR in slot 32.
 */
final class SseBatch {

    static final int COUNT = X86Reg.SSE_CONTEXT.length;
    /** Longs in an SSE register file. */
    static final int LONGS = 2 * COUNT;
    private static final long VALS = (4L * COUNT + 7) & -8L;
    private static final long VALUES = (VALS + 8L * COUNT + 15) & -16L;

    private final MemorySegment block;

    SseBatch(Arena arena) {
        block = arena.allocate(VALUES + 16L * COUNT, 16);
        for (int i = 0; i < COUNT; i++) {
            block.set(JAVA_INT, 4L * i, X86Reg.SSE_CONTEXT[i]);
            block.set(ADDRESS, VALS + 8L * i, block.asSlice(VALUES + 16L * i));
        }
    }

    /** {@code int *regs}. */
    MemorySegment ids() {
        return block;
    }

    /** {@code void **vals}. */
    MemorySegment vals() {
        return block.asSlice(VALS);
    }

    /** Copies the values read by the last batch read into {@code into} (MXCSR's upper 32 bits cleared). */
    void copyOut(long[] into) {
        MemorySegment.copy(block, JAVA_LONG, VALUES, into, 0, LONGS);
        into[2 * X86Reg.SSE_XMM_COUNT] &= 0xffff_ffffL;
        into[2 * X86Reg.SSE_XMM_COUNT + 1] = 0;
    }

    /** Stages {@code from} for the next batch write. */
    void copyIn(long[] from) {
        MemorySegment.copy(from, 0, block, JAVA_LONG, VALUES, LONGS);
    }
}
