package dev.quiesce.splice.registry;

import dev.quiesce.emulator.memory.GuestMemory;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * First-fit allocation of page-aligned ranges in the payload area (Xen: {@code vmalloc_xen()} in
 * {@code move_payload()} and {@code vfree()} in {@code free_payload_data()}, xen/common/livepatch.c). An
 * allocation that does not fit is Xen's -ENOMEM.
 */
final class AreaAllocator {

    private final PayloadArea area;
    private final TreeMap<Long, Long> free = new TreeMap<>();

    AreaAllocator(PayloadArea area) {
        this.area = area;
        free.put(area.base(), area.size());
    }

    /** The lowest free range of {@code size} bytes (rounded up to pages), or empty when none fits. */
    OptionalLong allocate(long size) {
        long pages = roundUp(size);
        for (Map.Entry<Long, Long> e : free.entrySet()) {
            if (e.getValue() >= pages) {
                long base = e.getKey();
                free.remove(base);
                if (e.getValue() > pages) {
                    free.put(base + pages, e.getValue() - pages);
                }
                return OptionalLong.of(base);
            }
        }
        return OptionalLong.empty();
    }

    /** Returns {@code [base, base + size)} (as rounded by {@link #allocate}), merging with free neighbours. */
    void free(long base, long size) {
        long start = base;
        long length = roundUp(size);
        Map.Entry<Long, Long> below = free.floorEntry(start);
        if (below != null && below.getKey() + below.getValue() == start) {
            free.remove(below.getKey());
            start = below.getKey();
            length += below.getValue();
        }
        Long above = free.get(start + length);
        if (above != null) {
            free.remove(start + length);
            length += above;
        }
        free.put(start, length);
    }

    /** The bytes still free. */
    long available() {
        return free.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The area managed. */
    PayloadArea area() {
        return area;
    }

    static long roundUp(long size) {
        return (size + GuestMemory.PAGE_SIZE - 1) & -GuestMemory.PAGE_SIZE;
    }
}
