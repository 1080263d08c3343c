package dev.quiesce.payload.build.diff;

import dev.quiesce.elf.Elf;
import dev.quiesce.elf.ElfRelocation;
import dev.quiesce.elf.ElfSymbol;

import java.util.Optional;

/**
 * What a relocation points at once section symbols are replaced by the function or object that
 * covers the designated byte (create-diff-object's {@code kpatch_replace_sections_syms}): gcc and gas
 * write {@code .text.foo+0x28} or {@code .bss.counter.1-4} where the source said {@code foo} or
 * {@code counter}.
 *
 * @param symbol       the named symbol now referenced; empty for a reference into a section no
 *                     function or object covers (string literals, jump tables), or for symbol 0
 * @param sectionIndex the section defined in, or -1 for undefined, absolute and common symbols
 * @param addend       the addend relative to {@code symbol}, or to the section when there is none
 * @param relocation   the relocation as written in the object
 */
public record Reference(Optional<ElfSymbol> symbol, int sectionIndex, long addend, ElfRelocation relocation) {

    /** Resolves relocation {@code r} of object {@code m}. */
    public static Reference resolve(ObjectModel m, ElfRelocation r) {
        if (r.symbolIndex() == 0) {
            return new Reference(Optional.empty(), -1, r.addend(), r);
        }
        ElfSymbol s = m.symbol(r.symbolIndex());
        if (s.isUndefined() || s.sectionIndex() >= Elf.SHN_LORESERVE) {
            return new Reference(Optional.of(s), -1, r.addend(), r);
        }
        if (!s.isSection()) {
            return new Reference(Optional.of(s), s.sectionIndex(), r.addend(), r);
        }
        long designated = s.value() + RelocationFields.designatedOffset(m.arch(), r);
        Optional<ElfSymbol> covering = m.covering(s.sectionIndex(), designated);
        // an immediate of up to 4 bytes may follow a PC-relative displacement (addl $1, x(%rip) is x-5)
        for (int imm = 1; covering.isEmpty() && RelocationFields.mayPrecedeImmediate(m.arch(), r.type()) && imm <= 4; imm++) {
            covering = m.covering(s.sectionIndex(), designated + imm);
        }
        if (covering.isPresent()) {
            return new Reference(covering, s.sectionIndex(), s.value() + r.addend() - covering.get().value(), r);
        }
        return new Reference(Optional.empty(), s.sectionIndex(), s.value() + r.addend(), r);
    }

    /** Whether the target is defined in a section of the same object. */
    public boolean isDefinedHere() {
        return sectionIndex >= 0;
    }
}
