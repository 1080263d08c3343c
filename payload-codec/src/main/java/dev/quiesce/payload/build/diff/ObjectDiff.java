package dev.quiesce.payload.build.diff;

import dev.quiesce.elf.ElfSection;
import dev.quiesce.elf.ElfSymbol;
import dev.quiesce.isa.Arch;
import dev.quiesce.isa.X86;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The comparison of one object of the base build with the same object of the patched build: the
 * changed functions, the new ones, and what cannot be live-patched (create-diff-object's
 * {@code kpatch_compare_correlated_elements} and {@code kpatch_verify_patchability}).
 */
public final class ObjectDiff {

    private final ObjectModel base;
    private final ObjectModel patched;
    private final Correlation correlation;
    private final Normaliser baseNormaliser;
    private final Normaliser patchedNormaliser;
    private final List<FunctionChange> changed = new ArrayList<>();
    private final List<FunctionUnit> added = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();

    private ObjectDiff(ObjectModel base, ObjectModel patched) {
        this.base = base;
        this.patched = patched;
        this.correlation = Correlation.of(base, patched);
        this.baseNormaliser = new Normaliser(base, Correlation::baseIdentity);
        this.patchedNormaliser = new Normaliser(patched, correlation::patchedIdentity);
    }

    /** Compares {@code patched} with {@code base}, two builds of the same source file. */
    public static ObjectDiff compare(ObjectModel base, ObjectModel patched) {
        ObjectDiff d = new ObjectDiff(base, patched);
        d.compareFunctions();
        d.compareData();
        return d;
    }

    public ObjectModel base() {
        return base;
    }

    public ObjectModel patched() {
        return patched;
    }

    public Correlation correlation() {
        return correlation;
    }

    /** The functions whose code differs, in patched symbol order. */
    public List<FunctionChange> changed() {
        return List.copyOf(changed);
    }

    /** The functions of the patched object that have no twin in the base, in symbol order. */
    public List<FunctionUnit> added() {
        return List.copyOf(added);
    }

    /** Why this object's change cannot be live-patched; empty if it can. */
    public List<String> problems() {
        return List.copyOf(problems);
    }

    /** Symbols the correlation had to guess about. */
    public List<String> warnings() {
        return correlation.warnings();
    }

    private void compareFunctions() {
        for (FunctionUnit pu : patched.units()) {
            Optional<FunctionUnit> bu = correlation.baseTwin(pu.parent())
                    .flatMap(b -> base.units().stream().filter(u -> u.parent().index() == b.index()).findFirst());
            if (bu.isEmpty()) {
                added.add(pu);
                continue;
            }
            Optional<String> why = difference(bu.get(), pu);
            if (why.isPresent()) {
                changed.add(new FunctionChange(bu.get(), pu, why.get()));
                checkPatchable(bu.get(), pu);
            }
        }
    }

    private Optional<String> difference(FunctionUnit b, FunctionUnit p) {
        Optional<String> parent = baseNormaliser.fingerprint(b.parent()).firstDifference(patchedNormaliser.fingerprint(p.parent()));
        if (parent.isPresent()) {
            return parent;
        }
        Map<String, ElfSymbol> baseCold = new TreeMap<>();
        Map<String, ElfSymbol> patchedCold = new TreeMap<>();
        b.coldParts().forEach(s -> baseCold.put(SymbolNames.correlationKey(s.name()), s));
        p.coldParts().forEach(s -> patchedCold.put(SymbolNames.correlationKey(s.name()), s));
        if (!baseCold.keySet().equals(patchedCold.keySet())) {
            return Optional.of("cold parts %s → %s".formatted(baseCold.keySet(), patchedCold.keySet()));
        }
        for (var e : baseCold.entrySet()) {
            Optional<String> d = baseNormaliser.fingerprint(e.getValue())
                    .firstDifference(patchedNormaliser.fingerprint(patchedCold.get(e.getKey())));
            if (d.isPresent()) {
                return Optional.of(e.getKey() + ": " + d.get());
            }
        }
        return Optional.empty();
    }

    private void checkPatchable(FunctionUnit b, FunctionUnit p) {
        for (FunctionUnit u : List.of(b, p)) {
            for (ElfSymbol s : u.symbols().toList()) {
                String section = (u == b ? base : patched).section(s.sectionIndex()).name();
                if (SymbolNames.isInitSection(section)) {
                    problems.add(("function '%s' in %s is in %s, boot-time code that Xen discards after boot — a payload"
                            + " cannot change it; move the fix out of __init code").formatted(p.name(), where(), section));
                    return;
                }
            }
        }
        long size = baseNormaliser.extent(b.parent());
        byte[] head = base.bytes(b.parent().sectionIndex(), b.parent().value(), Math.min(size, 4));
        // x86: a JMP rel32 after any ENDBR64; Arm: one B, at the function's first byte (Xen arm never sets a patch
        // offset; arch_livepatch_verify_func() in xen/arch/arm/livepatch.c refuses a function under ARCH_PATCH_INSN_SIZE)
        boolean arm = base.arch() == Arch.AARCH64;
        boolean endbr = !arm && X86.startsWithEndbr64(head);
        int needed = base.arch().patchJumpSize() + (endbr ? X86.ENDBR64_SIZE : 0);
        if (size < needed) {
            problems.add(("function '%s' in %s is %d bytes in the base build; a " + (arm ? "B" : "JMP")
                    + " needs %d%s — too small to patch:"
                    + " patch its callers instead: keep '%s' as it is and add the fixed version under a new name"
                    + " (e.g. %s_v2) that they call, so the payload replaces them and carries the new function")
                    .formatted(b.name(), where(), size, needed, endbr ? " after its ENDBR64" : "",
                            b.name(), b.name()));
        }
    }

    /** The object as messages name it: {@code unit.o (unit.c)}. */
    private String where() {
        return "%s (%s)".formatted(patched.fileName(), patched.sourceName());
    }

    private void compareData() {
        for (ElfSymbol b : base.namedDefinitions()) {
            ElfSection sec = base.section(b.sectionIndex());
            if (b.isFunction() || !sec.isAlloc() || sec.isExec()) {
                continue;
            }
            boolean writable = sec.isWrite();
            if (!writable && b.isLocal()) {
                continue; // local read-only data is compared by content wherever it is used
            }
            Optional<ElfSymbol> p = correlation.patchedTwin(b);
            if (p.isEmpty()) {
                continue;
            }
            ElfSection psec = patched.section(p.get().sectionIndex());
            Optional<String> why = sec.isNobits() != psec.isNobits()
                    ? Optional.of("its initialiser changed (%s → %s)".formatted(sec.name(), psec.name()))
                    : baseNormaliser.fingerprint(b).firstDifference(patchedNormaliser.fingerprint(p.get()))
                            .map(d -> d.startsWith("size") ? d : "its initial value changed: " + d);
            why.ifPresent(w -> problems.add(writable
                    ? ("%s changes data '%s' (%s; %s): data cannot be live-patched, the running image keeps its own"
                            + " value — keep '%s' as it is and use a new variable (a new name with the value you want; the"
                            + " payload carries it) in the changed functions, or set the value from a load or apply hook")
                            .formatted(where(), b.name(), sec.name(), w, b.name())
                    : ("%s changes read-only data '%s' (%s; %s), which other objects may read by name: data cannot be"
                            + " live-patched — make it static so the payload carries its own copy for the functions that"
                            + " use it, or add the new table under a new name").formatted(where(), b.name(),
                            sec.name(), w)));
        }
        compareAnonymousData();
    }

    /** Writable sections with no symbol in them, paired by name. */
    private void compareAnonymousData() {
        for (ElfSection sec : base.file().sections()) {
            if (!sec.isAlloc() || !sec.isWrite() || sec.isExec() || sec.size() == 0 || !base.symbolsIn(sec.index()).isEmpty()) {
                continue;
            }
            Optional<ElfSection> psec = patched.file().findSection(sec.name());
            if (psec.isEmpty()) {
                continue;
            }
            Optional<String> why = sec.isNobits() != psec.get().isNobits() ? Optional.of("its initialiser changed")
                    : baseNormaliser.fingerprint(sec.index(), 0, sec.size())
                            .firstDifference(patchedNormaliser.fingerprint(psec.get().index(), 0, psec.get().size()));
            why.ifPresent(w -> problems.add(("%s changes data section %s (%s): data cannot be live-patched — keep it as"
                    + " it is, and use a new variable or a load hook for the new value").formatted(where(),
                    sec.name(), w)));
        }
    }
}
