package dev.quiesce.emulator.link;

import dev.quiesce.elf.ElfSymbol;

/**
 * A symbol of a linked image (or an external table): a name at a guest address.
 *
 * @param name    the symbol name
 * @param address its guest address
 * @param size    its size in bytes ({@code st_size}; 0 when unknown)
 * @param type    what it names
 * @param object  the file name of the object that defines it, e.g. {@code main.o} (or a table's origin)
 * @param local   whether it is local to its object ({@code static}): such symbols help symbolization
 *                but are never found by name lookup
 */
public record GuestSymbol(String name, long address, long size, Type type, String object, boolean local) {

    /** What a symbol names. */
    public enum Type {
        /** Code ({@code STT_FUNC}). */
        FUNCTION,
        /** Data ({@code STT_OBJECT}). */
        OBJECT,
        /** Anything else (e.g. an assembler label, {@code STT_NOTYPE}). */
        OTHER;

        /** The type of an ELF symbol. */
        public static Type of(ElfSymbol symbol) {
            return symbol.isFunction() ? FUNCTION : symbol.isObject() ? OBJECT : OTHER;
        }
    }

    /** A global symbol (found by name lookup). */
    public static GuestSymbol global(String name, long address, long size, Type type, String object) {
        return new GuestSymbol(name, address, size, type, object, false);
    }

    /** One past its last byte ({@code address + size}). */
    public long end() {
        return address + size;
    }

    /** Whether {@code addr} lies inside it; a symbol of size 0 contains only its own address. */
    public boolean contains(long addr) {
        return addr == address || (addr > address && addr - address < size);
    }

    @Override
    public String toString() {
        return "%s@0x%x(%d %s %s%s)".formatted(name, address, size, type, object, local ? " local" : "");
    }
}
