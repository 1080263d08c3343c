package dev.quiesce.payload.build.diff;

import dev.quiesce.elf.Elf;

/**
 * A relocation with its target replaced by a layout-independent identity.
 *
 * @param offset the place, relative to the start of the compared range
 * @param type   the relocation type
 * @param target the identity of what it refers to (see {@link Normaliser})
 * @param addend the addend relative to that identity
 * @param machine the object's {@code e_machine}, which names the type
 */
public record NormalisedRelocation(long offset, int type, String target, long addend, int machine) {

    @Override
    public String toString() {
        return "+0x%x %s %s%+d".formatted(offset, Elf.relocationName(machine, type), target, addend);
    }
}
