package dev.quiesce.emulator.unicorn;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The native arrays of {@code uc_reg_read_batch}/{@code uc_reg_write_batch} for the general context
 * ({@link EngineArch#generalContext()}): {@code int ids[N] | void *vals[N] | u64 values[N]}. Where some register is
 * narrower than 64 bits (aarch64's PSTATE) the values are zeroed before each read, so its upper bytes read as 0.
 */
final class RegisterBatch {

    private final int count;
    private final long vals;
    private final long values;
    private final boolean narrow;
    private final MemorySegment block;

    RegisterBatch(Arena arena, int[] ids, boolean narrow) {
        this.count = ids.length;
        this.vals = (4L * count + 7) & -8L;
        this.values = vals + 8L * count;
        this.narrow = narrow;
        block = arena.allocate(values + 8L * count, 8);
        for (int i = 0; i < count; i++) {
            block.set(JAVA_INT, 4L * i, ids[i]);
            block.set(ADDRESS, vals + 8L * i, block.asSlice(values + 8L * i));
        }
    }

    /** Registers in the batch. */
    int count() {
        return count;
    }

    /** {@code int *regs}. */
    MemorySegment ids() {
        return block;
    }

    /** {@code void **vals}. */
    MemorySegment vals() {
        return block.asSlice(vals);
    }

    /** Before a batch read: clears the values where a narrow register would leave stale upper bytes. */
    void prepareRead() {
        if (narrow) {
            block.asSlice(values, 8L * count).fill((byte) 0);
        }
    }

    /** Copies the values read by the last batch read into {@code into}. */
    void copyOut(long[] into) {
        MemorySegment.copy(block, JAVA_LONG, values, into, 0, count);
    }

    /** Stages {@code from} for the next batch write. */
    void copyIn(long[] from) {
        MemorySegment.copy(from, 0, block, JAVA_LONG, values, count);
    }
}
