package dev.quiesce.payload.build.diff;

import dev.quiesce.elf.ElfRelocation;
import dev.quiesce.elf.ElfSection;
import dev.quiesce.elf.ElfSymbol;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The pairing of the named symbols of a base object with those of its patched build ("twins").
 *
 * <p>Globals pair by name. Locals pair by {@link SymbolNames#correlationKey} (so {@code foo.isra.0}
 * meets {@code foo.isra.1}); when several locals share a key — {@code static int counter} in two
 * functions is {@code counter.0} and {@code counter.1}, numbered in no stable order — they pair by
 * the set of functions that refer to them, as create-diff-object's
 * {@code kpatch_correlate_static_local_variables} does, and failing that by exact name. A symbol
 * left without a twin is new (patched) or gone (base).
 */
public final class Correlation {

    private final ObjectModel base;
    private final ObjectModel patched;
    private final Map<Integer, ElfSymbol> baseToPatched = new TreeMap<>();
    private final Map<Integer, ElfSymbol> patchedToBase = new TreeMap<>();
    private final List<String> warnings = new ArrayList<>();

    private Correlation(ObjectModel base, ObjectModel patched) {
        this.base = base;
        this.patched = patched;
    }

    /** Correlates the symbols of {@code base} and {@code patched}. */
    public static Correlation of(ObjectModel base, ObjectModel patched) {
        Correlation c = new Correlation(base, patched);
        c.correlate();
        return c;
    }

    /** The base twin of a patched symbol. */
    public Optional<ElfSymbol> baseTwin(ElfSymbol patchedSymbol) {
        return Optional.ofNullable(patchedToBase.get(patchedSymbol.index()));
    }

    /** The patched twin of a base symbol. */
    public Optional<ElfSymbol> patchedTwin(ElfSymbol baseSymbol) {
        return Optional.ofNullable(baseToPatched.get(baseSymbol.index()));
    }

    /** Locals that could not be paired although the base has symbols of the same kind and key. */
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    /** The identity of a base symbol in normalised relocations: its name. */
    public static String baseIdentity(ElfSymbol s) {
        return "sym:" + s.name();
    }

    /** The identity of a patched symbol: its twin's base name, or {@code new:name}. */
    public String patchedIdentity(ElfSymbol s) {
        return baseTwin(s).map(Correlation::baseIdentity).orElse("new:" + s.name());
    }

    private void correlate() {
        Map<String, List<ElfSymbol>> baseGroups = new TreeMap<>();
        Map<String, List<ElfSymbol>> patchedGroups = new TreeMap<>();
        Map<String, ElfSymbol> baseGlobals = new TreeMap<>();
        for (ElfSymbol s : base.namedDefinitions()) {
            if (!s.isLocal()) {
                baseGlobals.put(kind(s) + s.name(), s);
            }
        }
        for (ElfSymbol p : patched.namedDefinitions()) {
            ElfSymbol b = p.isLocal() ? null : baseGlobals.get(kind(p) + p.name());
            if (b != null) {
                pair(b, p);
            }
        }
        for (ElfSymbol s : base.namedDefinitions()) {
            if (!baseToPatched.containsKey(s.index())) {
                baseGroups.computeIfAbsent(kind(s) + SymbolNames.correlationKey(s.name()), k -> new ArrayList<>()).add(s);
            }
        }
        for (ElfSymbol s : patched.namedDefinitions()) {
            if (!patchedToBase.containsKey(s.index())) {
                patchedGroups.computeIfAbsent(kind(s) + SymbolNames.correlationKey(s.name()), k -> new ArrayList<>()).add(s);
            }
        }
        Map<Integer, SortedSet<String>> baseReferrers = referrers(base);
        Map<Integer, SortedSet<String>> patchedReferrers = referrers(patched);
        for (var e : patchedGroups.entrySet()) {
            List<ElfSymbol> bs = new ArrayList<>(baseGroups.getOrDefault(e.getKey(), List.of()));
            List<ElfSymbol> ps = new ArrayList<>(e.getValue());
            if (bs.size() == 1 && ps.size() == 1) {
                pair(bs.getFirst(), ps.getFirst());
                continue;
            }
            for (ElfSymbol p : List.copyOf(ps)) {
                SortedSet<String> want = patchedReferrers.getOrDefault(p.index(), new TreeSet<>());
                List<ElfSymbol> same = bs.stream().filter(b -> !want.isEmpty()
                        && want.equals(baseReferrers.getOrDefault(b.index(), new TreeSet<>()))).toList();
                long rivals = ps.stream().filter(q -> want.equals(patchedReferrers.getOrDefault(q.index(), new TreeSet<>()))).count();
                if (same.size() == 1 && rivals == 1) {
                    pair(same.getFirst(), p);
                    bs.remove(same.getFirst());
                    ps.remove(p);
                }
            }
            for (ElfSymbol p : List.copyOf(ps)) {
                bs.stream().filter(b -> b.name().equals(p.name())).findFirst().ifPresent(b -> {
                    pair(b, p);
                    bs.remove(b);
                    ps.remove(p);
                });
            }
            if (!bs.isEmpty()) {
                ps.forEach(p -> warnings.add("%s: could not pair %s '%s' with any of %s; assuming it is new"
                        .formatted(patched.fileName(), p.isObject() ? "static variable" : "symbol", p.name(),
                                bs.stream().map(ElfSymbol::name).toList())));
            }
        }
    }

    private void pair(ElfSymbol b, ElfSymbol p) {
        baseToPatched.put(b.index(), p);
        patchedToBase.put(p.index(), b);
    }

    /** Functions, objects and the rest only ever pair with their own kind. */
    private static String kind(ElfSymbol s) {
        return s.isFunction() ? "F " : s.isObject() ? "O " : "N ";
    }

    /**
     * For every named symbol, the correlation keys of the functions and objects whose relocations
     * refer to it (directly or through their section symbol).
     */
    static Map<Integer, SortedSet<String>> referrers(ObjectModel m) {
        Map<Integer, SortedSet<String>> out = new TreeMap<>();
        for (ElfSection sec : m.file().sections()) {
            if (!sec.isAlloc()) {
                continue;
            }
            for (ElfRelocation r : m.relocations(sec.index())) {
                Reference ref = Reference.resolve(m, r);
                if (ref.symbol().isEmpty() || !ref.isDefinedHere()) {
                    continue;
                }
                String from = m.covering(sec.index(), r.offset()).map(s -> SymbolNames.correlationKey(s.name()))
                        .orElse(SymbolNames.correlationKey(sec.name()));
                out.computeIfAbsent(ref.symbol().get().index(), k -> new TreeSet<>()).add(from);
            }
        }
        return out;
    }
}
