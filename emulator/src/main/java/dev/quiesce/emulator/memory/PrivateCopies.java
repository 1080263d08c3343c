package dev.quiesce.emulator.memory;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The per-CPU copies of a host's private data range ({@link GuestMemory#makePrivate}): one page-aligned range of guest
 * addresses that every CPU maps at the same address but backed by its own bytes, like thread-local storage. CPU 0's
 * copy is the memory's own segment, so whoever does not name a CPU (a host write, a payload hook run by
 * {@code GuestCall}) sees CPU 0's; every other CPU's copy starts as a byte-for-byte copy of it.
 */
final class PrivateCopies {

    private final long start;
    private final long end;
    private final MemorySegment[] copies;

    /** Copies {@code [start, end)} of {@code memory} (guest address {@code base} at offset 0) for {@code cpus} CPUs. */
    PrivateCopies(Arena arena, MemorySegment memory, long base, long start, long end, int cpus) {
        this.start = start;
        this.end = end;
        this.copies = new MemorySegment[cpus];
        MemorySegment cpu0 = memory.asSlice(start - base, end - start);
        copies[0] = cpu0;
        for (int c = 1; c < cpus; c++) {
            copies[c] = arena.allocate(end - start, GuestMemory.PAGE_SIZE);
            MemorySegment.copy(cpu0, 0, copies[c], 0, end - start);
        }
    }

    /** First guest address of the range. */
    long start() {
        return start;
    }

    /** One past its last guest address. */
    long end() {
        return end;
    }

    /** How many CPUs have a copy. */
    int cpus() {
        return copies.length;
    }

    /** Whether {@code [address, address + length)} overlaps the range. */
    boolean overlaps(long address, long length) {
        return address < end && address + length > start;
    }

    /** Whether {@code [address, address + length)} lies inside the range. */
    boolean contains(long address, long length) {
        return length >= 0 && address >= start && address + length <= end && address + length >= address;
    }

    /** CPU {@code cpu}'s bytes at {@code [address, address + length)}, which must lie inside the range. */
    MemorySegment slice(int cpu, long address, long length) {
        if (cpu < 0 || cpu >= copies.length) {
            throw new IndexOutOfBoundsException("CPU %d has no private copy (%d CPUs)".formatted(cpu, copies.length));
        }
        if (!contains(address, length)) {
            throw new IndexOutOfBoundsException("[0x%x, +0x%x) is not inside the private per-CPU range [0x%x, 0x%x)"
                    .formatted(address, length, start, end));
        }
        return copies[cpu].asSlice(address - start, length);
    }
}
