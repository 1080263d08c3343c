package dev.quiesce.host;

import dev.quiesce.emulator.link.GuestSymbol;
import dev.quiesce.emulator.link.SymbolTable;
import dev.quiesce.emulator.memory.GuestMemory;

import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The function pointers a host writes into its guest at boot ({@link dev.quiesce.guest.GuestProgram#bootPointers()}):
 * for each {@code variable[+offset] → function}, the function's address as a little-endian u64 at the variable's
 * address plus the offset. This is how a user guest's shell learns which user functions to call (its
 * {@code quiesce_user} hooks), the way a loader fills a table of callbacks before the first instruction runs.
 */
final class BootPointers {

    private BootPointers() {
    }

    /**
     * Writes every pointer of {@code pointers} (in their sorted order) into {@code memory}.
     *
     * @throws IllegalArgumentException naming the boot pointer and the missing symbol or the bad offset
     */
    static void write(Map<String, String> pointers, SymbolTable symbols, GuestMemory memory) {
        for (Map.Entry<String, String> e : pointers.entrySet()) {
            long at = variable(e.getKey(), symbols);
            GuestSymbol f = symbol(e.getValue(), e.getKey(), symbols);
            if (f.type() != GuestSymbol.Type.FUNCTION) {
                throw new IllegalArgumentException("boot pointer '" + e.getKey() + "' → '" + e.getValue()
                        + "': " + e.getValue() + " is not a function (" + f.type() + " in " + f.object() + ")");
            }
            memory.writeU64(at, f.address());
        }
    }

    /** The address {@code symbol[+offset]} names; the u64 there must lie inside the symbol's object. */
    static long variable(String spec, SymbolTable symbols) {
        int plus = spec.indexOf('+');
        String name = plus < 0 ? spec.strip() : spec.substring(0, plus).strip();
        long offset = 0;
        if (plus >= 0) {
            String off = spec.substring(plus + 1).strip();
            try {
                offset = off.startsWith("0x") || off.startsWith("0X") ? Long.parseUnsignedLong(off.substring(2), 16)
                        : Long.parseLong(off);
            } catch (NumberFormatException ex) {
                throw new IllegalArgumentException("boot pointer '" + spec + "': offset '" + off
                        + "' is not a number; write symbol+8 or symbol+0x8");
            }
        }
        GuestSymbol v = symbol(name, spec, symbols);
        if (v.type() == GuestSymbol.Type.FUNCTION || offset < 0 || (v.size() > 0 && offset + 8 > v.size())) {
            throw new IllegalArgumentException("boot pointer '" + spec + "': a u64 at offset " + offset
                    + " does not fit in the variable " + name + " (" + v.size() + " bytes, " + v.type() + ")");
        }
        return v.address() + offset;
    }

    private static GuestSymbol symbol(String name, String pointer, SymbolTable symbols) {
        try {
            return symbols.require(name);
        } catch (NoSuchElementException ex) {
            throw new IllegalArgumentException("boot pointer '" + pointer + "' names '" + name
                    + "', which the linked guest does not define: " + ex.getMessage(), ex);
        }
    }
}
