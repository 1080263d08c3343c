package dev.quiesce.emulator.unicorn;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The native arrays of {@code uc_reg_read_batch}/{@code uc_reg_write_batch} for the general context
 * ({@link X86Reg#GENERAL_CONTEXT}): {@code int ids[N] | void *vals[N] | u64 values[N]}.
 */
final class RegisterBatch {

    static final int COUNT = X86Reg.GENERAL_CONTEXT.length;
    private static final long VALS = (4L * COUNT + 7) & -8L;
    private static final long VALUES = VALS + 8L * COUNT;

    private final MemorySegment block;

    RegisterBatch(Arena arena) {
        block = arena.allocate(VALUES + 8L * COUNT, 8);
        for (int i = 0; i < COUNT; i++) {
            block.set(JAVA_INT, 4L * i, X86Reg.GENERAL_CONTEXT[i]);
            block.set(ADDRESS, VALS + 8L * i, block.asSlice(VALUES + 8L * i));
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

    /** Copies the values read by the last batch read into {@code into}. */
    void copyOut(long[] into) {
        MemorySegment.copy(block, JAVA_LONG, VALUES, into, 0, COUNT);
    }

    /** Stages {@code from} for the next batch write. */
    void copyIn(long[] from) {
        MemorySegment.copy(from, 0, block, JAVA_LONG, VALUES, COUNT);
    }
}
