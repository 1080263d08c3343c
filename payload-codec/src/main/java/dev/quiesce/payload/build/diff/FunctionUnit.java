package dev.quiesce.payload.build.diff;

import dev.quiesce.elf.ElfSymbol;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A function as the builder replaces it: the {@code STT_FUNC} symbol that callers enter, and the
 * cold parts gcc split out of it ({@code foo.cold}), which jump back into it and are therefore
 * compared and carried together with it (create-diff-object's "child functions").
 *
 * @param parent    the function symbol callers call
 * @param coldParts its {@code .cold} parts, in symbol order
 */
public record FunctionUnit(ElfSymbol parent, List<ElfSymbol> coldParts) {

    public FunctionUnit {
        coldParts = List.copyOf(coldParts);
    }

    /** The function's name, e.g. {@code record_read}. */
    public String name() {
        return parent.name();
    }

    /** The parent followed by its cold parts. */
    public Stream<ElfSymbol> symbols() {
        return Stream.concat(Stream.of(parent), coldParts.stream());
    }

    /** Whether {@code s} (same index) is the parent or a cold part. */
    public boolean contains(ElfSymbol s) {
        return symbols().anyMatch(x -> x.index() == s.index());
    }

    /** The function units of an object: every function in an executable section, cold parts under their parent. */
    static List<FunctionUnit> group(ObjectModel m) {
        Map<String, ElfSymbol> functions = new LinkedHashMap<>();
        for (ElfSymbol s : m.namedDefinitions()) {
            if (s.isFunction() && m.section(s.sectionIndex()).isExec()) {
                functions.putIfAbsent(s.name(), s);
            }
        }
        Map<String, List<ElfSymbol>> children = new LinkedHashMap<>();
        List<ElfSymbol> parents = new ArrayList<>();
        for (ElfSymbol s : functions.values()) {
            var parent = SymbolNames.coldParent(s.name()).filter(functions::containsKey);
            if (parent.isPresent()) {
                children.computeIfAbsent(parent.get(), k -> new ArrayList<>()).add(s);
            } else {
                parents.add(s);
            }
        }
        return parents.stream().map(p -> new FunctionUnit(p, children.getOrDefault(p.name(), List.of()))).toList();
    }
}
