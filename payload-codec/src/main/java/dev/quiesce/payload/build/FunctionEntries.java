package dev.quiesce.payload.build;

import dev.quiesce.elf.ElfRelocation;
import dev.quiesce.elf.ElfSymbol;
import dev.quiesce.payload.Expectation;
import dev.quiesce.payload.FunctionSpec;
import dev.quiesce.payload.build.diff.FunctionChange;
import dev.quiesce.payload.build.diff.ObjectDiff;
import dev.quiesce.payload.build.diff.ObjectModel;

import java.util.Arrays;
import java.util.List;

/**
 * The {@code .livepatch.funcs} entries of a built payload (livepatch-build-tools'
 * {@code livepatch_create_patches_sections}): one jump entry (JMP on x86-64, B on AArch64) per changed function, resolved by name at
 * load ({@code old_addr} 0), with its expectation when asked for.
 */
final class FunctionEntries {

    private FunctionEntries() {
    }

    /** The entry that redirects changed function {@code c} of {@code d} to its new code in the body. */
    static FunctionSpec entry(ObjectDiff d, FunctionChange c, boolean expect, List<String> notes) {
        ElfSymbol old = c.base().parent();
        ElfSymbol neu = c.patched().parent();
        int oldSize = (int) extent(d.base(), old);
        int newSize = (int) extent(d.patched(), neu);
        String oldName = Inclusion.baseName(d.base(), old);
        Expectation expectation = expect ? expectation(d.base(), old, oldSize, oldName, notes) : Expectation.none();
        return new FunctionSpec(oldName, 0, oldSize, BodyEmitter.bodyName(d.patched(), neu), newSize, expectation);
    }

    private static long extent(ObjectModel m, ElfSymbol s) {
        return s.size() != 0 ? s.size() : m.section(s.sectionIndex()).size() - s.value();
    }

    /**
     * The old function's first bytes as compiled, at most 31 ({@code LIVEPATCH_OPAQUE_SIZE}). The loaded
     * image has these bytes only where no relocation applies, so the expectation stops before the
     * first relocated field (a function that starts with one gets none).
     */
    static Expectation expectation(ObjectModel base, ElfSymbol old, int oldSize, String name, List<String> notes) {
        int length = Math.min(oldSize, Expectation.MAX_LENGTH);
        for (ElfRelocation r : base.relocations(old.sectionIndex())) {
            if (r.offset() >= old.value() && r.offset() < old.value() + length) {
                length = (int) (r.offset() - old.value());
                notes.add("expectation of '%s' stops at +%d, where the linker relocates the code".formatted(name, length));
                break;
            }
        }
        if (length == 0) {
            notes.add("'%s' gets no expectation: its first bytes are relocated".formatted(name));
            return Expectation.none();
        }
        return Expectation.of(Arrays.copyOf(base.bytes(old.sectionIndex(), old.value(), length), length));
    }
}
