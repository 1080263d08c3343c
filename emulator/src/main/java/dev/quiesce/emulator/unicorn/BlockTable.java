package dev.quiesce.emulator.unicorn;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The table of blocks that {@link BlockCounter} learned, in native memory where the {@link BlockHook} reads it: a
 * direct-mapped table of 16-byte slots, each a block's pc (8 bytes; -1: an empty slot), its size in bytes (4) and its
 * instruction count (4; negative: single-step it), keyed by pc and size. A block at pc lives only in
 * its slot, which the block hook computes the same way ({@code ((pc ^ pc >> 14) & mask) * 16}).
 */
final class BlockTable {

    private static final int ENTRIES = 1 << 14;

    private final MemorySegment table;
    private long largest; // bytes of the largest block learned: how far before a forgotten range a block may start

    /** An empty table in {@code arena}. */
    BlockTable(Arena arena) {
        this.table = arena.allocate((long) ENTRIES * 16, 64);
    }

    /** The table's address, for the block hook. */
    long address() {
        return table.address();
    }

    /** The mask of a slot's index, for the block hook. */
    long mask() {
        return ENTRIES - 1;
    }

    /** Forgets every learned block. */
    void clear() {
        table.fill((byte) -1); // pc -1: an empty slot (its size and count -1 too)
    }

    /**
     * Forgets the learned blocks that overlap {@code [address, address + length)}, whose translations were just dropped
     * ({@code UC_CTL_TB_REMOVE_CACHE}); blocks elsewhere keep their counts, since their bytes did not change and the
     * same bytes at the same pc translate to the same block. A forked run's restore and a patch's stores rewrite a
     * few bytes each: clearing the whole table there made every block be learned again, one restart each.
     */
    void forget(long address, long length) {
        long end = address + length;
        if (length + largest >= ENTRIES) {
            for (long slot = 0; slot < (long) ENTRIES * 16; slot += 16) {
                long pc = table.get(JAVA_LONG, slot);
                if (pc != -1L && pc < end && pc + table.get(JAVA_INT, slot + 8) > address) {
                    table.set(JAVA_LONG, slot, -1L);
                }
            }
            return;
        }
        // a block at pc lives only in slot(pc), and none is longer than the largest learned: a block overlapping the
        // range starts in (address - largest, end)
        for (long pc = Math.max(0, address - largest + 1); pc < end; pc++) {
            long slot = slot(pc);
            if (table.get(JAVA_LONG, slot) == pc && pc + table.get(JAVA_INT, slot + 8) > address) {
                table.set(JAVA_LONG, slot, -1L);
            }
        }
    }

    /** Records the block at {@code pc} of {@code size} bytes with {@code icount} instructions (-1: single-step it). */
    void put(long pc, int size, int icount) {
        long slot = slot(pc);
        largest = Math.max(largest, size);
        table.set(JAVA_LONG, slot, pc);
        table.set(JAVA_INT, slot + 8, size);
        table.set(JAVA_INT, slot + 12, icount);
    }

    /** The byte offset of {@code pc}'s slot in the table (the block hook computes the same). */
    private static long slot(long pc) {
        return ((pc ^ (pc >>> 14)) & (ENTRIES - 1)) * 16;
    }
}
