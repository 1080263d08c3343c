package dev.quiesce.elf;

import java.util.List;

/**
 * One {@code SHT_RELA} section with its decoded relocations.
 *
 * @param section            the {@code SHT_RELA} section itself
 * @param targetSectionIndex {@code sh_info}: the section the relocations patch (0 for none, e.g. {@code .rela.dyn})
 * @param relocations        its entries, in file order
 */
public record ElfRelaSection(ElfSection section, int targetSectionIndex, List<ElfRelocation> relocations) {

    public ElfRelaSection {
        relocations = List.copyOf(relocations);
    }
}
