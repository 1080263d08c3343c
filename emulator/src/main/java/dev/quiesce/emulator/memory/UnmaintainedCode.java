package dev.quiesce.emulator.memory;

import java.util.BitSet;
import java.util.TreeMap;

/**
 * The bytes of guest code stored and not yet made fetchable by cache maintenance, under {@link XmcModel#ARM}: one
 * set of page offsets per page (Arm ARM DDI 0487, B2.4 "Caches and memory hierarchy": a store reaches the data side;
 * instruction fetch sees it only after the range is cleaned to the Point of Unification and its instruction-cache
 * lines invalidated). A byte leaves the set when a {@link GuestMemory#maintainCode maintenance} covers it, and
 * enters it again when stored again. Pages are kept in address order (no hash order reaches a decision).
 */
final class UnmaintainedCode {

    private final TreeMap<Long, BitSet> pages = new TreeMap<>();

    /** A store landed on {@code [address, address + length)}. */
    void stored(long address, long length) {
        for (long p = address & -GuestMemory.PAGE_SIZE; p < address + length; p += GuestMemory.PAGE_SIZE) {
            pages.computeIfAbsent(p, k -> new BitSet((int) GuestMemory.PAGE_SIZE))
                    .set(from(address, p), to(address, length, p));
        }
    }

    /** The maintenance of {@code [address, address + length)} completed. */
    void maintained(long address, long length) {
        for (long p = address & -GuestMemory.PAGE_SIZE; p < address + length; p += GuestMemory.PAGE_SIZE) {
            BitSet b = pages.get(p);
            if (b != null) {
                b.clear(from(address, p), to(address, length, p));
                if (b.isEmpty()) {
                    pages.remove(p);
                }
            }
        }
    }

    /** The offsets in {@code page} stored and not maintained since, or null when there are none. */
    BitSet on(long page) {
        return pages.get(page);
    }

    /** Whether every store so far was maintained. */
    boolean isEmpty() {
        return pages.isEmpty();
    }

    /** A deep copy of the pages and their offsets (for a snapshot). */
    TreeMap<Long, BitSet> copy() {
        TreeMap<Long, BitSet> out = new TreeMap<>();
        pages.forEach((p, b) -> out.put(p, (BitSet) b.clone()));
        return out;
    }

    /** Puts back what {@link #copy()} returned (it is copied again: the saved form stays as it was). */
    void restore(TreeMap<Long, BitSet> saved) {
        pages.clear();
        saved.forEach((p, b) -> pages.put(p, (BitSet) b.clone()));
    }

    private static int from(long address, long page) {
        return (int) (Math.max(address, page) - page);
    }

    private static int to(long address, long length, long page) {
        return (int) (Math.min(address + length, page + GuestMemory.PAGE_SIZE) - page);
    }
}
