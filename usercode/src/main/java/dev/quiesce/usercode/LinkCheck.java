package dev.quiesce.usercode;

import dev.quiesce.elf.ElfFile;
import dev.quiesce.elf.ElfRelaSection;
import dev.quiesce.elf.ElfRelocation;
import dev.quiesce.elf.ElfSection;
import dev.quiesce.elf.ElfSymbol;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The link check of a user guest, before the image linker: every undefined symbol with every place that references
 * it (object and function) and what to do, and every global the user's code defines that the built-in guest, the
 * shell or the runtime also defines — all at once, where the linker would stop at the first.
 */
final class LinkCheck {

    /** One object of the guest with its role. */
    record Input(ElfFile elf, ObjectRole role) {
    }

    /** Common C library functions the runtime leaves out, with what to do instead. */
    private static final Map<String, String> ADVICE = Map.ofEntries(
            Map.entry("printf", "the guest has no console: format with snprintf into a buffer in memory"),
            Map.entry("fprintf", "the guest has no files: format with snprintf into a buffer in memory"),
            Map.entry("puts", "the guest has no console: copy the text into a buffer in memory"),
            Map.entry("putchar", "the guest has no console: write the character into a buffer in memory"),
            Map.entry("fopen", "the guest has no files: embed the data in a const array"),
            Map.entry("exit", "a guest CPU never exits: return from the workload function"),
            Map.entry("abort", "use assert(): a failed assertion is reported with its message"),
            Map.entry("time", "the guest has no clock: count iterations (the workload gets its iteration number)"),
            Map.entry("rand", "use your own seeded PRNG (per CPU, e.g. seeded from the cpu number)"));

    private LinkCheck() {
    }

    /** The global definitions of {@code inputs}: name → the first input that defines it strongly (else weakly). */
    static Map<String, Definition> definitions(List<Input> inputs) {
        Map<String, Definition> out = new TreeMap<>();
        for (Input in : inputs) {
            for (ElfSymbol s : in.elf().symbols()) {
                if (!s.isLocal() && !s.isUndefined() && !s.name().isEmpty()) {
                    Definition d = new Definition(in, s);
                    Definition old = out.get(s.name());
                    if (old == null || (old.symbol().isWeak() && !s.isWeak())) {
                        out.put(s.name(), d);
                    }
                }
            }
        }
        return out;
    }

    /** One global definition. */
    record Definition(Input input, ElfSymbol symbol) {
    }

    /**
     * The problems of linking {@code inputs}, one line each, empty when there are none.
     */
    static List<String> problems(List<Input> inputs) {
        List<String> out = new ArrayList<>();
        Map<String, Definition> defined = definitions(inputs);
        Map<String, Set<String>> undefined = new TreeMap<>();
        for (Input in : inputs) {
            ElfFile o = in.elf();
            for (ElfRelaSection r : o.relocationSections()) {
                ElfSection target = o.section(r.targetSectionIndex());
                if (!target.isAlloc()) {
                    continue;
                }
                for (ElfRelocation rel : r.relocations()) {
                    ElfSymbol s = o.symbols().get(rel.symbolIndex());
                    if (rel.symbolIndex() != 0 && s.isUndefined() && !s.isWeak() && !defined.containsKey(s.name())) {
                        undefined.computeIfAbsent(s.name(), k -> new LinkedHashSet<>())
                                .add(o.fileName() + " (in " + where(o, target, rel.offset()) + ")");
                    }
                }
            }
        }
        if (!undefined.isEmpty()) {
            out.add(undefined.size() + " undefined symbol" + (undefined.size() == 1 ? "" : "s"));
            undefined.forEach((name, sites) -> out.add("  " + name + ": referenced from " + String.join(", ", sites)
                    + ": " + ADVICE.getOrDefault(name, "not in the runtime: write it or add a source that defines it")));
        }
        return out;
    }

    /** Globals of the user's code that another part of the guest (or other user code) defines too (strongly, both). */
    static List<String> duplicates(List<Input> inputs) {
        Map<String, Input> owner = new LinkedHashMap<>();
        List<String> out = new ArrayList<>();
        for (Input in : inputs) {
            for (ElfSymbol s : in.elf().symbols()) {
                if (s.isLocal() || s.isUndefined() || s.isWeak() || s.name().isEmpty()) {
                    continue;
                }
                Input first = owner.putIfAbsent(s.name(), in);
                if (first != null && first != in && in.role() == ObjectRole.USER) {
                    out.add("%s defines '%s', which %s (%s) defines too: rename yours, or make it static"
                            .formatted(in.elf().fileName(), s.name(), first.role().description(),
                                    first.elf().fileName()));
                }
            }
        }
        return out;
    }

    /** The function of {@code o} that holds {@code offset} of section {@code target}, else the section's name. */
    private static String where(ElfFile o, ElfSection target, long offset) {
        for (ElfSymbol s : o.symbols()) {
            if (s.isFunction() && s.sectionIndex() == target.index() && s.value() <= offset
                    && offset < s.value() + Math.max(1, s.size())) {
                return s.name();
            }
        }
        return target.name();
    }
}
