package dev.quiesce.emulator.link;

/**
 * One input section as the linker placed it in the image.
 *
 * @param object       the file name of the object it comes from, e.g. {@code main.o}
 * @param sectionIndex its index in that object
 * @param name         its name, e.g. {@code .text.cpu_main}
 * @param kind         the region it was placed in
 * @param address      its first guest address
 * @param size         its size in bytes
 */
public record PlacedSection(String object, int sectionIndex, String name, SectionKind kind, long address, long size) {

    /** One past its last address. */
    public long end() {
        return address + size;
    }

    /** Whether {@code addr} lies inside it. */
    public boolean contains(long addr) {
        return addr >= address && addr < end();
    }

    @Override
    public String toString() {
        return "%s:%s@0x%x+0x%x".formatted(object, name, address, size);
    }
}
