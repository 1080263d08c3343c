package dev.quiesce.elf;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One ELF note: an owner name, a type and an opaque descriptor.
 *
 * @param name       the owner, without its terminating NUL (e.g. {@code "GNU"})
 * @param type       {@code n_type} (unsigned 32 bits), interpreted per owner (e.g. {@code Elf.NT_GNU_BUILD_ID})
 * @param descriptor the descriptor bytes, without padding
 */
public record ElfNote(String name, int type, byte[] descriptor) {

    public ElfNote {
        Objects.requireNonNull(name, "name");
        descriptor = descriptor.clone();
    }

    /** A copy of the descriptor bytes. */
    @Override
    public byte[] descriptor() {
        return descriptor.clone();
    }

    /** Whether this is a GNU build-id note ({@code "GNU"}, {@code NT_GNU_BUILD_ID}). */
    public boolean isGnuBuildId() {
        return name.equals("GNU") && type == Elf.NT_GNU_BUILD_ID;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ElfNote n && name.equals(n.name) && type == n.type && Arrays.equals(descriptor, n.descriptor);
    }

    @Override
    public int hashCode() {
        return (name.hashCode() * 31 + type) * 31 + Arrays.hashCode(descriptor);
    }

    @Override
    public String toString() {
        return "ElfNote[%s type=%d descriptor=%s]".formatted(name, type, HexFormat.of().formatHex(descriptor));
    }
}
