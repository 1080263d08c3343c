package dev.quiesce.splice.registry;

import dev.quiesce.emulator.memory.GuestMemory;

/**
 * The guest address range a host reserves for payloads, within ±2 GiB of its text so that a {@code JMP rel32}
 * reaches every payload (Xen x86: the VMAP_XEN range used by {@code vmalloc_xen()} in {@code move_payload()},
 * xen/common/livepatch.c).
 *
 * @param base the first address (page-aligned)
 * @param size its length in bytes (a multiple of the page size)
 */
public record PayloadArea(long base, long size) {

    public PayloadArea {
        if ((base & (GuestMemory.PAGE_SIZE - 1)) != 0 || (size & (GuestMemory.PAGE_SIZE - 1)) != 0 || size <= 0) {
            throw new IllegalArgumentException("payload area [0x%x, +0x%x) must be page-aligned and non-empty"
                    .formatted(base, size));
        }
    }

    /** One past the last address. */
    public long end() {
        return base + size;
    }
}
