package dev.quiesce.payload.build;

import dev.quiesce.elf.ElfRelocation;
import dev.quiesce.elf.ElfSection;
import dev.quiesce.elf.ElfSymbol;
import dev.quiesce.payload.build.diff.FunctionChange;
import dev.quiesce.payload.build.diff.FunctionUnit;
import dev.quiesce.payload.build.diff.ObjectDiff;
import dev.quiesce.payload.build.diff.ObjectModel;
import dev.quiesce.payload.build.diff.Reference;
import dev.quiesce.payload.build.diff.SymbolNames;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What a payload carries from one patched object: the sections of the changed functions, of new
 * global functions, and everything they reach that the base image does not have — new functions,
 * new data, string literals, jump tables and other read-only data — while references to unchanged
 * functions and to existing data stay references into the base image (create-diff-object's
 * {@code kpatch_include_symbol} recursion).
 */
final class Inclusion {

    private final ObjectDiff diff;
    private final ObjectModel patched;
    private final SortedSet<Integer> changedParents = new TreeSet<>();
    private final SortedSet<Integer> sections = new TreeSet<>();

    private Inclusion(ObjectDiff diff) {
        this.diff = diff;
        this.patched = diff.patched();
    }

    /** The closure of the changed and new global functions of {@code diff}. */
    static Inclusion of(ObjectDiff diff) {
        Inclusion inc = new Inclusion(diff);
        Deque<Integer> queue = new ArrayDeque<>();
        for (FunctionChange c : diff.changed()) {
            inc.changedParents.add(c.patched().parent().index());
            c.patched().symbols().forEach(s -> inc.add(s.sectionIndex(), queue));
        }
        for (FunctionUnit u : diff.added()) {
            if (!u.parent().isLocal()) {
                u.symbols().forEach(s -> inc.add(s.sectionIndex(), queue));
            }
        }
        while (!queue.isEmpty()) {
            int sec = queue.pop();
            for (ElfRelocation r : inc.patched.relocations(sec)) {
                if (inc.destination(Reference.resolve(inc.patched, r)) instanceof Destination.Carried c) {
                    inc.add(c.patchedSection(), queue);
                }
            }
        }
        return inc;
    }

    private void add(int section, Deque<Integer> queue) {
        if (sections.add(section)) {
            queue.add(section);
        }
        // a function's cold parts go wherever the function goes
        for (ElfSymbol s : patched.symbolsIn(section)) {
            patched.unitOf(s).ifPresent(u -> u.symbols().forEach(c -> {
                if (sections.add(c.sectionIndex())) {
                    queue.add(c.sectionIndex());
                }
            }));
        }
    }

    ObjectDiff diff() {
        return diff;
    }

    /** The carried sections of the patched object, by index. */
    SortedSet<Integer> sections() {
        return sections;
    }

    /** Whether {@code unit}'s parent is one of the changed functions. */
    boolean isChanged(FunctionUnit unit) {
        return changedParents.contains(unit.parent().index());
    }

    /** Where a reference made by carried code or data points in the payload. */
    Destination destination(Reference ref) {
        if (!ref.isDefinedHere()) {
            if (ref.symbol().isEmpty()) {
                return new Destination.Nothing();
            }
            ElfSymbol s = ref.symbol().get();
            return s.isAbsolute() ? new Destination.Absolute(s.name(), s.value()) : new Destination.External(s.name());
        }
        ElfSection sec = patched.section(ref.sectionIndex());
        if (!sec.isAlloc()) {
            return new Destination.Refused("%s refers to %s, which is not loaded (not SHF_ALLOC); a payload cannot reach it"
                    .formatted(patched.sourceName(), sec.name()));
        }
        if (ref.symbol().isEmpty()) {
            boolean existingData = sec.isWrite() && diff.base().file().findSection(sec.name()).filter(b -> b.size() > 0).isPresent();
            return existingData
                    ? new Destination.Refused(("%s refers to data section %s by address, and it has no symbol the loader"
                            + " could find in the base image: give the data a name (a non-static variable)")
                            .formatted(patched.sourceName(), sec.name()))
                    : new Destination.Carried(sec.index());
        }
        ElfSymbol s = ref.symbol().get();
        Optional<ElfSymbol> twin = diff.correlation().baseTwin(s);
        if (sec.isExec()) {
            Optional<FunctionUnit> unit = patched.unitOf(s);
            boolean unchanged = unit.map(u -> diff.correlation().baseTwin(u.parent()).isPresent() && !isChanged(u))
                    .orElse(twin.isPresent());
            return unchanged && twin.isPresent() ? external(twin.get()) : new Destination.Carried(sec.index());
        }
        boolean shareable = sec.isWrite() || !s.isLocal();
        return shareable && twin.isPresent() ? external(twin.get()) : new Destination.Carried(sec.index());
    }

    private Destination external(ElfSymbol baseSymbol) {
        return new Destination.External(baseName(diff.base(), baseSymbol));
    }

    /** The name Xen knows a symbol of {@code m} by: its name, or {@code file.c#name} when it is local. */
    static String baseName(ObjectModel m, ElfSymbol s) {
        return s.isLocal() ? SymbolNames.xenLocalName(m.sourceName(), s.name()) : s.name();
    }

    /** Every reference carried code makes that a payload cannot reach. */
    List<String> refusals() {
        return sections.stream().flatMap(sec -> patched.relocations(sec).stream())
                .map(r -> destination(Reference.resolve(patched, r)))
                .filter(d -> d instanceof Destination.Refused).map(d -> ((Destination.Refused) d).reason())
                .distinct().toList();
    }
}
