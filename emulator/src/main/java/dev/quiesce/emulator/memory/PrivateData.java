package dev.quiesce.emulator.memory;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;

/**
 * The private per-CPU data of one {@link GuestMemory} ({@link GuestMemory#makePrivate}): none until the memory makes
 * some private, then one copy per CPU ({@link PrivateCopies}), read and written here by CPU and guest address, and
 * mapped by each CPU's engine ({@link GuestMemory#backing}). Reached by {@link GuestMemory#privateData()}.
 */
public final class PrivateData {

    private final GuestMemory memory;
    private final Arena arena;
    private volatile PrivateCopies copies;

    /** The private data of {@code memory}, whose copies {@code arena} allocates. */
    PrivateData(GuestMemory memory, Arena arena) {
        this.memory = memory;
        this.arena = arena;
    }

    /** The copies, or null while no data is private. */
    PrivateCopies copies() {
        return copies;
    }

    /** {@link GuestMemory#makePrivate}, under the memory's lock. */
    void make(List<Region> regions, int cpus) {
        if (regions.isEmpty()) {
            return;
        }
        if (copies != null) {
            throw new IllegalStateException("the private per-CPU data is already copied");
        }
        for (int i = 1; i < regions.size(); i++) {
            if (regions.get(i).address() != regions.get(i - 1).end()) {
                throw new IllegalArgumentException("private regions %s are not contiguous".formatted(regions));
            }
        }
        long start = regions.getFirst().address();
        long end = regions.getLast().end();
        memory.offset(start, end - start);
        if (cpus < 1) {
            throw new IllegalArgumentException("cpus must be positive, was " + cpus);
        }
        copies = new PrivateCopies(arena, memory.segment(), memory.base(), start, end, cpus);
    }

    /** Reads {@code length} bytes of CPU {@code cpu}'s copy of private per-CPU data. */
    public byte[] read(int cpu, long address, int length) {
        byte[] out = new byte[length];
        MemorySegment.copy(slice(cpu, address, length), ValueLayout.JAVA_BYTE, 0, out, 0, length);
        return out;
    }

    /** Writes bytes into CPU {@code cpu}'s copy of private per-CPU data (and no other CPU's). */
    public void write(int cpu, long address, byte[] bytes) {
        MemorySegment.copy(bytes, 0, slice(cpu, address, bytes.length), ValueLayout.JAVA_BYTE, 0, bytes.length);
    }

    /** Whether {@code [address, address + length)} lies in private per-CPU data (one copy per CPU). */
    public boolean contains(long address, long length) {
        PrivateCopies p = copies;
        return p != null && p.contains(address, length);
    }

    /** Reads a little-endian 64-bit value of CPU {@code cpu}'s copy of private per-CPU data. */
    public long readU64(int cpu, long address) {
        return slice(cpu, address, 8).get(GuestMemory.U64, 0);
    }

    /** Writes a little-endian 64-bit value into CPU {@code cpu}'s copy of private per-CPU data. */
    public void writeU64(int cpu, long address, long value) {
        slice(cpu, address, 8).set(GuestMemory.U64, 0, value);
    }

    private MemorySegment slice(int cpu, long address, long length) {
        PrivateCopies p = copies;
        if (p == null) {
            throw new IllegalStateException("this memory has no private per-CPU data (no object of the program is private)");
        }
        return p.slice(cpu, address, length);
    }
}
