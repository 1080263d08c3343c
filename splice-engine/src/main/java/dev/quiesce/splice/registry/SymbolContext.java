package dev.quiesce.splice.registry;

import dev.quiesce.emulator.link.GuestImage;
import dev.quiesce.emulator.link.GuestSymbol;
import dev.quiesce.emulator.link.SymbolTable;
import dev.quiesce.emulator.memory.GuestMemory;
import dev.quiesce.elf.ElfFile;
import dev.quiesce.elf.ElfSymbol;
import dev.quiesce.payload.OldFunction;
import dev.quiesce.payload.OldFunctionLookup;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The symbols a payload being uploaded resolves against: the running image's, then the new symbols of payloads
 * already loaded, in upload order (Xen: {@code symbols_lookup_by_name()} then
 * {@code livepatch_symbols_lookup_by_name()}, used by {@code livepatch_elf_resolve_symbols()},
 * {@code resolve_old_address()} and {@code build_symbol_table()} in xen/common/livepatch.c and
 * xen/common/livepatch_elf.c). Xen's symbol table has the image's static symbols too, so they count here, under
 * the name Xen gives them, {@code file.c#name} (xen/tools/symbols.c; livepatch-build-tools names a static old
 * function and a static a payload refers to so): the local {@code name} of the object compiled from {@code file.c}
 * (its object file has the same stem, {@code builtins.c} → {@code user/builtins.o}), when exactly one object has it.
 */
final class SymbolContext {

    private static final int FIRST_BYTES = 16;

    private final GuestImage image;
    private final GuestMemory memory;
    private final List<LoadedPayload> loaded;

    SymbolContext(GuestImage image, GuestMemory memory, List<LoadedPayload> loaded) {
        this.image = image;
        this.memory = memory;
        this.loaded = loaded;
    }

    /**
     * The table the linker resolves the undefined symbols of {@code payload} in: the image with loaded payloads' new
     * symbols over it, and the image's statics {@code payload} names as {@code file.c#name}.
     */
    SymbolTable external(ElfFile payload) {
        Map<String, GuestSymbol> top = new TreeMap<>();
        for (ElfSymbol u : payload.symbols()) {
            if (u.isUndefined() && u.name().indexOf('#') > 0) {
                xenLocal(u.name()).ifPresent(s -> top.put(u.name(), GuestSymbol.global(u.name(), s.address(), s.size(),
                        s.type(), s.object())));
            }
        }
        for (LoadedPayload p : loaded) {
            p.newSymbols.values().forEach(s -> top.putIfAbsent(s.name(), GuestSymbol.global(s.name(), s.address(),
                    s.size(), s.type(), p.name)));
        }
        return image.symbols().overlay(SymbolTable.of(new ArrayList<>(top.values())));
    }

    /** The symbol {@code name}: an image global, an image static, else a loaded payload's new symbol. */
    Optional<GuestSymbol> lookup(String name) {
        Optional<GuestSymbol> s = image.symbols().lookup(name);
        if (s.isPresent()) {
            return s;
        }
        s = image.symbols().all().stream().filter(x -> x.name().equals(name)).findFirst();
        if (s.isPresent()) {
            return s;
        }
        s = xenLocal(name);
        if (s.isPresent()) {
            return s;
        }
        for (LoadedPayload p : loaded) {
            GuestSymbol n = p.newSymbols.get(name);
            if (n != null) {
                return Optional.of(n);
            }
        }
        return Optional.empty();
    }

    /** The image's static symbol Xen names {@code file.c#name}, if exactly one object compiled from {@code file.c} has it. */
    private Optional<GuestSymbol> xenLocal(String mangled) {
        int hash = mangled.indexOf('#');
        if (hash <= 0) {
            return Optional.empty();
        }
        String file = stem(mangled.substring(0, hash));
        String name = mangled.substring(hash + 1);
        List<GuestSymbol> found = image.symbols().all().stream()
                .filter(x -> x.local() && x.name().equals(name) && x.object() != null && stem(x.object()).equals(file))
                .toList();
        return found.size() == 1 ? Optional.of(found.getFirst()) : Optional.empty();
    }

    /** A file name without its folders and extension: {@code user/sub/lexer.o} → {@code lexer}. */
    private static String stem(String path) {
        String base = path.substring(path.lastIndexOf('/') + 1);
        int dot = base.lastIndexOf('.');
        return dot > 0 ? base.substring(0, dot) : base;
    }

    /** The payloads already loaded, in upload order. */
    List<LoadedPayload> loadedPayloads() {
        return loaded;
    }

    /** Who already defines {@code name}: "the image" or "payload 'x'", or empty. */
    Optional<String> owner(String name) {
        if (image.symbols().all().stream().anyMatch(s -> s.name().equals(name))) {
            return Optional.of("the image");
        }
        return loaded.stream().filter(p -> p.newSymbols.containsKey(name)).findFirst()
                .map(p -> "payload '" + p.name + "'");
    }

    /** The old functions {@code PayloadValidator} checks against, with their current first bytes. */
    OldFunctionLookup oldFunctions() {
        return new OldFunctionLookup() {
            @Override
            public Optional<OldFunction> lookup(String name) {
                return SymbolContext.this.lookup(name).map(SymbolContext.this::function);
            }

            @Override
            public Optional<OldFunction> at(long address) {
                return image.symbols().containing(address).filter(s -> s.address() == address)
                        .map(SymbolContext.this::function);
            }
        };
    }

    private OldFunction function(GuestSymbol s) {
        int n = (int) Math.max(0, Math.min(FIRST_BYTES, Math.min(s.size() == 0 ? FIRST_BYTES : s.size(),
                memory.end() - s.address())));
        byte[] first = memory.contains(s.address(), n) ? memory.read(s.address(), n) : new byte[0];
        return new OldFunction(s.address(), s.size(), first);
    }
}
