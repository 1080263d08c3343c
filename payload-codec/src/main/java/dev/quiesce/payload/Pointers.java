package dev.quiesce.payload;

import dev.quiesce.elf.Elf;
import dev.quiesce.elf.ElfFile;
import dev.quiesce.elf.ElfRelaSection;
import dev.quiesce.elf.ElfRelocation;
import dev.quiesce.elf.ElfSection;
import dev.quiesce.elf.ElfSymbol;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The 64-bit pointers stored in one payload section ({@code .livepatch.funcs}, a hook section) with their
 * R_X86_64_64 relocations (R_AARCH64_ABS64 in an AArch64 payload), resolved to names. As in Xen, relocations apply only to allocated sections, a later
 * relocation of the same place wins, and a relocated pointer's value is {@code S + A} whatever the stored bytes.
 */
final class Pointers {

    private final ElfFile elf;
    private final ByteBuffer contents;
    private final TreeMap<Long, ElfRelocation> relocations = new TreeMap<>();
    private final Map<Integer, byte[]> sectionData = new TreeMap<>();
    private Map<String, ElfSymbol> named;

    Pointers(ElfFile elf, ElfSection section) {
        this.elf = elf;
        this.contents = ByteBuffer.wrap(LoadChecks.contents(section)).order(ByteOrder.LITTLE_ENDIAN);
        if (section.isAlloc()) {
            int abs64 = elf.machine() == Elf.EM_AARCH64 ? Elf.R_AARCH64_ABS64 : Elf.R_X86_64_64;
            for (ElfRelaSection rela : elf.relocationSections()) {
                if (rela.targetSectionIndex() == section.index()) {
                    for (ElfRelocation r : rela.relocations()) {
                        if (r.type() == abs64) {
                            relocations.put(r.offset(), r);
                        } else {
                            relocations.remove(r.offset());
                        }
                    }
                }
            }
        }
    }

    ByteBuffer contents() {
        return contents;
    }

    /** The relocation of the 8-byte pointer at {@code offset}, if it has one. */
    Optional<ElfRelocation> relocation(long offset) {
        return Optional.ofNullable(relocations.get(offset));
    }

    /** The stored (unrelocated) 8 bytes at {@code offset}. */
    long raw(int offset) {
        return contents.getLong(offset);
    }

    /** Whether the pointer at {@code offset} is NULL once relocated. */
    boolean isNull(int offset) {
        return relocation(offset).isEmpty() && raw(offset) == 0;
    }

    ElfSymbol symbol(ElfRelocation r) {
        return elf.symbols().get(r.symbolIndex());
    }

    /** The NUL-terminated string the pointer at {@code offset} points to inside the payload, or null. */
    String string(int offset) {
        ElfRelocation r = relocations.get((long) offset);
        if (r == null) {
            return null;
        }
        ElfSymbol s = symbol(r);
        if (s.isUndefined() || s.sectionIndex() >= Elf.SHN_LORESERVE) {
            return null;
        }
        byte[] data = sectionData.computeIfAbsent(s.sectionIndex(), i -> elf.section(i).data());
        long start = s.value() + r.addend();
        if (start < 0 || start >= data.length) {
            return null;
        }
        for (int i = (int) start; i < data.length; i++) {
            if (data[i] == 0) {
                return new String(data, (int) start, i - (int) start, StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    /**
     * The pointer at {@code offset} as a name: the symbol (with {@code +0x…} for an addend), a named symbol at
     * that place for a section symbol, {@code section+0x…} otherwise, {@code 0x…} for an unrelocated value; null
     * for NULL.
     */
    String name(int offset) {
        ElfRelocation r = relocations.get((long) offset);
        if (r == null) {
            return raw(offset) == 0 ? null : "0x" + Long.toHexString(raw(offset));
        }
        ElfSymbol s = symbol(r);
        if (!s.name().isEmpty() && !s.isSection()) {
            return r.addend() == 0 ? s.name() : s.name() + "+0x" + Long.toHexString(r.addend());
        }
        long place = s.value() + r.addend();
        if (s.sectionIndex() == 0 || s.sectionIndex() >= Elf.SHN_LORESERVE) {
            return "0x" + Long.toHexString(place);
        }
        ElfSymbol best = namedSymbols().get(s.sectionIndex() + ":" + place);
        return best != null ? best.name() : elf.section(s.sectionIndex()).name() + "+0x" + Long.toHexString(place);
    }

    /** The named symbol to show for each (section, value): the first function there, else the first symbol. */
    private Map<String, ElfSymbol> namedSymbols() {
        if (named == null) {
            named = new HashMap<>();
            for (ElfSymbol c : elf.symbols()) {
                if (!c.name().isEmpty() && !c.isSection() && !c.isFile()) {
                    named.merge(c.sectionIndex() + ":" + c.value(), c, (old, now) -> now.isFunction() && !old.isFunction() ? now : old);
                }
            }
        }
        return named;
    }
}
