package dev.quiesce.emulator.link;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An immutable table of guest symbols: global names for lookup (unique), and every symbol, local
 * ones included, by address for symbolization.
 */
public final class SymbolTable {

    private static final Comparator<GuestSymbol> BY_ADDRESS = Comparator.comparingLong(GuestSymbol::address)
            .thenComparing(GuestSymbol::name).thenComparing(GuestSymbol::object).thenComparing(GuestSymbol::local);
    private static final SymbolTable EMPTY = new SymbolTable(List.of());

    private final List<GuestSymbol> byAddress;
    private final Map<String, GuestSymbol> globals = new TreeMap<>();
    private final long maxSize;

    private SymbolTable(Collection<GuestSymbol> symbols) {
        List<GuestSymbol> sorted = new ArrayList<>(symbols);
        sorted.sort(BY_ADDRESS);
        this.byAddress = List.copyOf(sorted);
        long max = 1;
        for (GuestSymbol s : byAddress) {
            max = Math.max(max, s.size());
            if (!s.local()) {
                GuestSymbol previous = globals.putIfAbsent(s.name(), s);
                if (previous != null) {
                    throw new LinkException("duplicate symbol '%s': defined in %s and %s".formatted(
                            s.name(), previous.object(), s.object()));
                }
            }
        }
        this.maxSize = max;
    }

    /** The table with no symbols. */
    public static SymbolTable empty() {
        return EMPTY;
    }

    /**
     * A table of these symbols.
     *
     * @throws LinkException if two global symbols share a name
     */
    public static SymbolTable of(Collection<GuestSymbol> symbols) {
        return new SymbolTable(symbols);
    }

    /** The global symbol with this name. */
    public Optional<GuestSymbol> lookup(String name) {
        return Optional.ofNullable(globals.get(name));
    }

    /**
     * The global symbol with this name.
     *
     * @throws NoSuchElementException naming the closest names in the table
     */
    public GuestSymbol require(String name) {
        GuestSymbol s = globals.get(name);
        if (s == null) {
            List<String> near = NearNames.of(name, globals.keySet());
            throw new NoSuchElementException("no symbol '%s' in the table (%d symbols); %s".formatted(name, globals.size(),
                    near.isEmpty() ? "no similar names" : "did you mean " + String.join(", ", near) + "?"));
        }
        return s;
    }

    /** The function or object that contains {@code address}, preferring functions and objects over labels. */
    public Optional<GuestSymbol> containing(long address) {
        int i = floor(address);
        GuestSymbol best = null;
        for (; i >= 0 && address - byAddress.get(i).address() < maxSize; i--) {
            GuestSymbol s = byAddress.get(i);
            if (s.contains(address) && (best == null || better(s, best))) {
                best = s;
            }
        }
        return Optional.ofNullable(best);
    }

    /** {@code name} or {@code name+0x1c} for the symbol containing {@code address}, else {@code 0x401234}. */
    public String symbolize(long address) {
        return containing(address).map(s -> address == s.address() ? s.name()
                : s.name() + "+0x" + Long.toHexString(address - s.address())).orElse("0x" + Long.toHexString(address));
    }

    /** Every symbol, local ones included, sorted by address (then name). */
    public List<GuestSymbol> all() {
        return byAddress;
    }

    /** The number of symbols, local ones included. */
    public int size() {
        return byAddress.size();
    }

    /**
     * This table and {@code other} together (e.g. the base image and a loaded payload).
     *
     * @throws LinkException if both define a global symbol of the same name
     */
    public SymbolTable merge(SymbolTable other) {
        List<GuestSymbol> all = new ArrayList<>(byAddress);
        all.addAll(other.byAddress);
        return new SymbolTable(all);
    }

    /**
     * This table with {@code top} laid over it: a global name defined in both resolves to {@code top}'s
     * symbol (the shadowed one stays in {@link #all()} as a local, for symbolization).
     */
    public SymbolTable overlay(SymbolTable top) {
        List<GuestSymbol> all = new ArrayList<>();
        for (GuestSymbol s : byAddress) {
            all.add(!s.local() && top.globals.containsKey(s.name())
                    ? new GuestSymbol(s.name(), s.address(), s.size(), s.type(), s.object(), true) : s);
        }
        all.addAll(top.byAddress);
        return new SymbolTable(all);
    }

    private int floor(long address) {
        int lo = 0;
        int hi = byAddress.size() - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (byAddress.get(mid).address() <= address) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    private static boolean better(GuestSymbol a, GuestSymbol b) {
        boolean aNamed = a.type() != GuestSymbol.Type.OTHER;
        boolean bNamed = b.type() != GuestSymbol.Type.OTHER;
        if (aNamed != bNamed) {
            return aNamed;
        }
        if (a.address() != b.address()) {
            return a.address() > b.address();
        }
        return !a.local() && b.local();
    }

    @Override
    public String toString() {
        return "SymbolTable[%d symbols, %d global]".formatted(byAddress.size(), globals.size());
    }
}
