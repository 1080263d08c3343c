package dev.quiesce.emulator.link;

import dev.quiesce.elf.Elf;
import dev.quiesce.elf.ElfFile;
import dev.quiesce.elf.ElfRelaSection;
import dev.quiesce.elf.ElfRelocation;
import dev.quiesce.isa.Arch;
import java.util.List;

/**
 * The relocation step of a link: applies the RELA relocations of every placed section to the layout's contents,
 * with the arithmetic of the objects' architecture ({@link X86Relocations}, {@link A64Relocations}).
 */
final class Relocator {

    private Relocator() {
    }

    static void apply(Arch arch, List<ElfFile> objects, Layout layout, SymbolResolver symbols) {
        MachineRelocations machine = MachineRelocations.of(arch);
        for (int i = 0; i < objects.size(); i++) {
            ElfFile object = objects.get(i);
            for (ElfRelaSection rela : object.relocationSections()) {
                PlacedSection target = layout.placed(i, rela.targetSectionIndex());
                if (target == null || rela.relocations().isEmpty()) {
                    continue;
                }
                if (target.kind().nobits()) {
                    throw new LinkException("%s section %s relocates %s, which has no contents (SHT_NOBITS)"
                            .formatted(object.fileName(), rela.section().name(), target.name()));
                }
                if (object.section(rela.section().link()).type() != Elf.SHT_SYMTAB) {
                    throw new LinkException("%s section %s does not use the object's .symtab (sh_link %d)"
                            .formatted(object.fileName(), rela.section().name(), rela.section().link()));
                }
                byte[] contents = layout.contents(target.kind());
                long regionStart = layout.regionStart(target.kind());
                for (ElfRelocation r : rela.relocations()) {
                    machine.apply(new RelocationSite(i, object, target, r, symbols, contents,
                            (int) (target.address() - regionStart + r.offset())));
                }
            }
        }
    }
}
