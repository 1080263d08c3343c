package dev.quiesce.emulator.link;

import dev.quiesce.elf.ElfFile;
import dev.quiesce.elf.ElfRelocation;
import dev.quiesce.elf.ElfSymbol;

/**
 * One relocation of a link at the place it patches: the object it comes from, the placed section it patches, the
 * relocation itself, and the bytes of the region that holds the place.
 *
 * @param objectIndex the object's index in the link
 * @param object      the object
 * @param target      the placed section the relocation patches
 * @param relocation  the relocation
 * @param symbols     the link's symbol resolution
 * @param contents    the contents of the region of {@code target}
 * @param at          the index of the place's first byte in {@code contents}
 */
record RelocationSite(int objectIndex, ElfFile object, PlacedSection target, ElfRelocation relocation,
                      SymbolResolver symbols, byte[] contents, int at) {

    /** {@code S}: the address of the relocation's symbol. */
    long symbolAddress() {
        return symbols.address(objectIndex, relocation.symbolIndex(), where());
    }

    /** Whether the relocation names a global symbol that is weak and defined nowhere (so {@code S} is 0). */
    boolean undefinedWeak() {
        return symbols.undefinedWeak(objectIndex, relocation.symbolIndex());
    }

    /** {@code P}: the address of the place. */
    long place() {
        return target.address() + relocation.offset();
    }

    /** {@code main.o section .text.cpu_main+0x1c}, for messages. */
    String where() {
        return "%s section %s+0x%x".formatted(object.fileName(), target.name(), relocation.offset());
    }

    /** The relocation's symbol as messages name it (a section symbol by its section's name). */
    String symbolName() {
        ElfSymbol symbol = object.symbols().get(relocation.symbolIndex());
        return SymbolResolver.displayName(object, symbol);
    }

    /** Writes the low {@code width} bytes of {@code value} at the place, little-endian. */
    void write(long value, int width) {
        for (int k = 0; k < width; k++) {
            contents[at + k] = (byte) (value >>> (8 * k));
        }
    }

    /** The little-endian 32-bit word at the place (an A64 instruction). */
    int readWord() {
        return (contents[at] & 0xff) | (contents[at + 1] & 0xff) << 8 | (contents[at + 2] & 0xff) << 16
                | (contents[at + 3] & 0xff) << 24;
    }

    /** {@code 0x1f} or {@code -0x1f}. */
    static String signedHex(long v) {
        return v < 0 ? "-0x" + Long.toHexString(-v) : "0x" + Long.toHexString(v);
    }
}
