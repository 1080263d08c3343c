package dev.quiesce.emulator.link;

import dev.quiesce.elf.ElfFile;
import dev.quiesce.elf.ElfSymbol;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The symbol resolution of one link: builds the global table (a strong definition
 * beats a weak one; two strong ones are an error), and gives the address {@code S} of any symbol a
 * relocation names: local and section symbols within their own object, global ones through the
 * global table, then the external table; an undefined weak symbol is 0.
 */
final class SymbolResolver {

    /** A global definition; {@code address} is {@code null} when its section was not placed. */
    private record Definition(ElfSymbol symbol, String object, String section, Long address) {
    }

    private final List<ElfFile> objects;
    private final Layout layout;
    private final SymbolTable external;
    private final Map<String, Definition> globals = new TreeMap<>();

    SymbolResolver(List<ElfFile> objects, Layout layout, SymbolTable external) {
        this.objects = objects;
        this.layout = layout;
        this.external = external;
        for (int i = 0; i < objects.size(); i++) {
            for (ElfSymbol s : objects.get(i).symbols()) {
                if (!s.isLocal() && !s.isUndefined()) {
                    define(i, s);
                }
            }
        }
    }

    private void define(int objectIndex, ElfSymbol s) {
        ElfFile object = objects.get(objectIndex);
        if (s.isCommon()) {
            throw new LinkException("%s defines '%s' as a COMMON symbol; quiesce does not allocate common blocks: build with -fno-common"
                    .formatted(object.fileName(), s.name()));
        }
        Definition d = new Definition(s, object.fileName(), sectionName(object, s), definedAddress(objectIndex, s));
        Definition existing = globals.get(s.name());
        if (existing == null || (existing.symbol().isWeak() && !s.isWeak())) {
            globals.put(s.name(), d);
        } else if (!existing.symbol().isWeak() && !s.isWeak()) {
            throw new LinkException("duplicate symbol '%s': defined in %s (%s) and in %s (%s)".formatted(
                    s.name(), existing.object(), existing.section(), d.object(), d.section()));
        }
    }

    /**
     * The address {@code S} of symbol {@code symbolIndex} of object {@code objectIndex}.
     *
     * @param site where it is referenced, for messages: {@code main.o section .text.cpu_main+0x1c}
     */
    long address(int objectIndex, int symbolIndex, String site) {
        if (symbolIndex == 0) {
            return 0;
        }
        ElfFile object = objects.get(objectIndex);
        ElfSymbol s = object.symbols().get(symbolIndex);
        if (s.isLocal()) {
            Long a = definedAddress(objectIndex, s);
            if (a == null) {
                throw new LinkException("local symbol '%s' referenced from %s is in %s, which is not loaded (not allocated, or empty)"
                        .formatted(displayName(object, s), site, sectionName(object, s)));
            }
            return a;
        }
        Definition d = globals.get(s.name());
        if (d != null) {
            if (d.address() == null) {
                throw new LinkException("symbol '%s' referenced from %s is defined in %s %s, which is not loaded (not allocated, or empty)"
                        .formatted(s.name(), site, d.object(), d.section()));
            }
            return d.address();
        }
        var ext = external.lookup(s.name());
        if (ext.isPresent()) {
            return ext.get().address();
        }
        if (s.isWeak()) {
            return 0;
        }
        throw new LinkException("undefined symbol '%s' referenced from %s".formatted(s.name(), site));
    }

    /**
     * Whether symbol {@code symbolIndex} of object {@code objectIndex} is a weak reference that nothing defines: no
     * object of the link and not the external table ({@link #address} gives it 0).
     */
    boolean undefinedWeak(int objectIndex, int symbolIndex) {
        if (symbolIndex == 0) {
            return false;
        }
        ElfSymbol s = objects.get(objectIndex).symbols().get(symbolIndex);
        return s.isUndefined() && s.isWeak() && !globals.containsKey(s.name()) && external.lookup(s.name()).isEmpty();
    }

    /** The image's table: every placed global definition, and the placed local functions and objects. */
    SymbolTable table() {
        List<GuestSymbol> symbols = new ArrayList<>();
        for (Definition d : globals.values()) {
            if (d.address() != null) {
                symbols.add(GuestSymbol.global(d.symbol().name(), d.address(), d.symbol().size(),
                        GuestSymbol.Type.of(d.symbol()), d.object()));
            }
        }
        for (int i = 0; i < objects.size(); i++) {
            for (ElfSymbol s : objects.get(i).symbols()) {
                Long a = s.isLocal() && (s.isFunction() || s.isObject()) ? definedAddress(i, s) : null;
                if (a != null) {
                    symbols.add(new GuestSymbol(s.name(), a, s.size(), GuestSymbol.Type.of(s), objects.get(i).fileName(), true));
                }
            }
        }
        return SymbolTable.of(symbols);
    }

    /** The address of a symbol defined in this object, or {@code null} if its section was not placed. */
    private Long definedAddress(int objectIndex, ElfSymbol s) {
        if (s.isAbsolute()) {
            return s.value();
        }
        PlacedSection p = layout.placed(objectIndex, s.sectionIndex());
        return p == null ? null : p.address() + s.value();
    }

    /** A symbol's name for messages: section symbols are named after their section. */
    static String displayName(ElfFile object, ElfSymbol s) {
        if (s.isSection() && s.name().isEmpty() && s.sectionIndex() < object.sections().size()) {
            return object.section(s.sectionIndex()).name();
        }
        return s.name();
    }

    private static String sectionName(ElfFile object, ElfSymbol s) {
        if (s.isAbsolute()) {
            return "SHN_ABS";
        }
        return s.sectionIndex() < object.sections().size() ? "section " + object.section(s.sectionIndex()).name()
                : "special section 0x" + Integer.toHexString(s.sectionIndex());
    }
}
