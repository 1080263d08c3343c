package dev.quiesce.emulator.unicorn;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The SSE state of one engine (XMM0–15 and MXCSR, {@link X86Reg#SSE_CONTEXT}) through {@code uc_reg_read_batch} and
 * {@code uc_reg_write_batch}, with their native arrays {@code int ids[N] | void *vals[N] | 16-byte values[N]}, and
 * single XMM registers through {@code uc_reg_read}/{@code uc_reg_write}. Unicorn reads and writes an XMM register as
 * 16 bytes (low quadword first) and MXCSR as 4. A register file of {@link #LONGS} longs holds XMM{@code i} in slots
 * {@code 2i} (low) and {@code 2i+1} (high) and MXCSR in slot 32.
 */
final class SseBatch {

    static final int COUNT = X86Reg.SSE_CONTEXT.length;
    /** Longs in an SSE register file. */
    static final int LONGS = 2 * COUNT;
    private static final long VALS = (4L * COUNT + 7) & -8L;
    private static final long VALUES = (VALS + 8L * COUNT + 15) & -16L;

    private final MemorySegment block;
    private final UnicornLibrary lib;
    private final MemorySegment uc;

    SseBatch(Arena arena, UnicornLibrary lib, MemorySegment uc) {
        this.lib = lib;
        this.uc = uc;
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
    private void copyOut(long[] into) {
        MemorySegment.copy(block, JAVA_LONG, VALUES, into, 0, LONGS);
        into[2 * X86Reg.SSE_XMM_COUNT] &= 0xffff_ffffL;
        into[2 * X86Reg.SSE_XMM_COUNT + 1] = 0;
    }

    /** Stages {@code from} for the next batch write. */
    private void copyIn(long[] from) {
        MemorySegment.copy(from, 0, block, JAVA_LONG, VALUES, LONGS);
    }

    /** Reads the SSE state into {@code into}; returns the {@code uc_err}. */
    int save(long[] into) {
        int rc = call(lib.regReadBatch);
        if (rc == 0) {
            copyOut(into);
        }
        return rc;
    }

    /** Writes the SSE state in {@code from}; returns the {@code uc_err}. */
    int restore(long[] from) {
        copyIn(from);
        return call(lib.regWriteBatch);
    }

    /** {@code uc_reg_read} of XMM{@code i} into the 16 bytes of {@code buffer}; returns the {@code uc_err}. */
    int readXmm(int i, MemorySegment buffer) {
        checkXmm(i);
        buffer.fill((byte) 0);
        return one(lib.regRead, X86Reg.XMM0 + i, buffer);
    }

    /** {@code uc_reg_write} of XMM{@code i} from the 16 bytes of {@code buffer}; returns the {@code uc_err}. */
    int writeXmm(int i, MemorySegment buffer) {
        checkXmm(i);
        return one(lib.regWrite, X86Reg.XMM0 + i, buffer);
    }

    private static void checkXmm(int i) {
        if (i < 0 || i >= X86Reg.SSE_XMM_COUNT) {
            throw new IllegalArgumentException("XMM" + i + " is not one of XMM0-15");
        }
    }

    /** The batch call through {@code invokeExact} (no boxing: it runs at every interrupt). */
    private int call(MethodHandle batch) {
        try {
            return (int) batch.invokeExact(uc, ids(), vals(), COUNT);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private int one(MethodHandle handle, int reg, MemorySegment buffer) {
        try {
            return (int) handle.invokeExact(uc, reg, buffer);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
