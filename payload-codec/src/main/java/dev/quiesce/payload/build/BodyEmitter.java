package dev.quiesce.payload.build;

import dev.quiesce.elf.Elf;
import dev.quiesce.elf.ElfObject;
import dev.quiesce.elf.ElfRelocation;
import dev.quiesce.elf.ElfSection;
import dev.quiesce.elf.ElfSymbol;
import dev.quiesce.isa.Arch;
import dev.quiesce.payload.build.diff.ObjectModel;
import dev.quiesce.payload.build.diff.Reference;
import dev.quiesce.payload.build.diff.SymbolNames;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The writer of a payload's body: copies the carried sections of each patched object into one
 * {@link ElfObject}, with their function and object symbols (static ones renamed {@code file.c#name},
 * as livepatch-build-tools' {@code livepatch_rename_local_symbols} does, so they cannot clash with the
 * base image's) and their relocations, retargeted into the body or to undefined symbols the loader
 * resolves against the base image. A global one patched object defines and another refers to (a new helper in
 * {@code num.c} called from {@code builtins.c}) is resolved inside the body, as livepatch-build's {@code ld -r} of the
 * per-object outputs does: Xen resolves a payload's undefined symbols only in the image and the loaded payloads
 * ({@code livepatch_elf_resolve_symbols()} in xen/common/livepatch_elf.c), never in the payload itself.
 */
final class BodyEmitter {

    private final ElfObject body;
    private final Map<String, Integer> externals = new TreeMap<>();
    /** The global function and object symbols defined in the body, by name. */
    private final Map<String, Integer> definedGlobals = new TreeMap<>();
    private final java.util.List<Runnable> relocations = new java.util.ArrayList<>();

    /** An empty body for objects of {@code arch}: the payload's {@code e_machine} is the body's. */
    BodyEmitter(Arch arch) {
        this.body = ElfObject.create(arch);
    }

    /** The body assembled so far. */
    ElfObject body() {
        return body;
    }

    /** The names of the base image's symbols the body refers to, sorted. */
    Set<String> externals() {
        return externals.keySet();
    }

    /** The name a symbol of a patched object has in the body. */
    static String bodyName(ObjectModel m, ElfSymbol s) {
        return s.isLocal() ? SymbolNames.xenLocalName(m.sourceName(), s.name()) : s.name();
    }

    /**
     * Whether a carried symbol keeps its name in the body: the changed functions (the {@code new_addr} of an
     * entry) and what is new. A copy of something the base image already has — the cold part of a changed
     * function, a changed local table — and labels such as {@code .LC0} stay anonymous and are reached
     * through their section symbol: Xen
     * refuses a payload whose other function and object symbols are already in its symbol table
     * ("duplicate new symbol", -EEXIST; Xen: {@code build_symbol_table()} in xen/common/livepatch.c).
     */
    static boolean isNamedInBody(Inclusion inc, ElfSymbol s) {
        if (!s.isFunction() && !s.isObject()) {
            return false; // labels such as .LC0 in a string section
        }
        boolean changedFunction = inc.diff().changed().stream().anyMatch(c -> c.patched().parent().index() == s.index());
        return changedFunction || inc.diff().correlation().baseTwin(s).isEmpty();
    }

    /** Copies what each of {@code inclusions} carries into the body: every section and symbol, then the relocations. */
    void emitAll(java.util.List<Inclusion> inclusions) {
        inclusions.forEach(this::emit);
        relocations.forEach(Runnable::run);
    }

    /** Copies what {@code inc} carries: its sections and symbols now, its relocations once every object's symbols are in. */
    private void emit(Inclusion inc) {
        ObjectModel m = inc.diff().patched();
        Map<Integer, Integer> sectionMap = new TreeMap<>();
        for (int index : inc.sections()) {
            ElfSection s = m.section(index);
            long flags = s.flags() & ~(Elf.SHF_GROUP | Elf.SHF_INFO_LINK);
            sectionMap.put(index, s.isNobits() ? body.addNobits(s.name(), flags, s.addralign(), s.size())
                    : body.addSection(s.name(), s.type(), flags, s.addralign(), s.entsize(), s.data()));
        }
        Map<Integer, Integer> symbolMap = new TreeMap<>();
        for (int index : inc.sections()) {
            for (ElfSymbol s : m.symbolsIn(index)) {
                if (isNamedInBody(inc, s)) {
                    int added = body.addSymbol(bodyName(m, s), s.bind(), s.type(), s.visibility(),
                            sectionMap.get(index), s.value(), s.size());
                    symbolMap.put(s.index(), added);
                    if (!s.isLocal()) {
                        definedGlobals.putIfAbsent(s.name(), added);
                    }
                }
            }
        }
        relocations.add(() -> relocate(inc, m, sectionMap, symbolMap));
    }

    private void relocate(Inclusion inc, ObjectModel m, Map<Integer, Integer> sectionMap, Map<Integer, Integer> symbolMap) {
        for (int index : inc.sections()) {
            for (ElfRelocation r : m.relocations(index)) {
                if (r.type() == Elf.R_X86_64_NONE && r.symbolIndex() == 0) {
                    continue; // patches nothing, and Xen refuses any relocation against STN_UNDEF (-EOPNOTSUPP)
                }
                Reference ref = Reference.resolve(m, r);
                Destination d = inc.destination(ref);
                boolean named = ref.symbol().filter(s -> symbolMap.containsKey(s.index())).isPresent();
                int symbol = switch (d) {
                    case Destination.Carried c -> named ? symbolMap.get(ref.symbol().get().index())
                            : body.addSectionSymbol(sectionMap.get(c.patchedSection()));
                    case Destination.External e -> definedGlobals.containsKey(e.name()) ? definedGlobals.get(e.name())
                            : externals.computeIfAbsent(e.name(),
                            n -> body.addSymbol(n, Elf.STB_GLOBAL, Elf.STT_NOTYPE, Elf.SHN_UNDEF, 0, 0));
                    case Destination.Absolute a -> body.addSymbol(a.name(), Elf.STB_LOCAL, Elf.STT_NOTYPE, Elf.SHN_ABS, a.value(), 0);
                    case Destination.Nothing n -> 0;
                    case Destination.Refused x -> throw new IllegalStateException(x.reason());
                };
                // through the section symbol, the addend is relative to the section, not to the anonymous symbol
                long addend = d instanceof Destination.Carried && !named && ref.symbol().isPresent()
                        ? ref.symbol().get().value() + ref.addend() : ref.addend();
                body.addRelocation(sectionMap.get(index), r.offset(), r.type(), symbol, addend);
            }
        }
    }
}
