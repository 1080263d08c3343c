package dev.quiesce.emulator.memory;

/**
 * A named, page-aligned range of guest physical memory with its protection.
 *
 * @param name       what the region holds, e.g. {@code text} or {@code stack.cpu3}
 * @param address    first guest address (page-aligned)
 * @param size       length in bytes (a multiple of the page size)
 * @param protection what the guest may do with it
 */
public record Region(String name, long address, long size, Protection protection) {

    public Region {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("region name is empty");
        }
        if ((address & (GuestMemory.PAGE_SIZE - 1)) != 0 || (size & (GuestMemory.PAGE_SIZE - 1)) != 0 || size <= 0) {
            throw new IllegalArgumentException("region '%s' [0x%x, +0x%x) is not page-aligned and non-empty"
                    .formatted(name, address, size));
        }
    }

    /** One past the last address. */
    public long end() {
        return address + size;
    }

    /** Whether {@code addr} lies inside the region. */
    public boolean contains(long addr) {
        return addr >= address && addr < end();
    }
}
