package dev.quiesce.guest;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Test support: the defined functions of one ELF64 little-endian relocatable object (the guest module
 * cannot use payload-codec's reader, which depends on it), the targets of its
 * {@code __patchable_function_entries} relocations, its machine, symbols, sections and relocation types.
 */
final class ElfFunctions {

    private static final int SHT_SYMTAB = 2;
    private static final int SHT_RELA = 4;
    private static final int STT_FUNC = 2;
    private static final int STT_SECTION = 3;
    private static final int STT_FILE = 4;

    private record Section(String name, int type, long offset, long size, int link, int info) {
    }

    private record Symbol(String name, int type, int section, long value, long size) {
    }

    private final ByteBuffer elf;
    private final List<Section> sections = new ArrayList<>();
    private final List<Symbol> symbols = new ArrayList<>();

    ElfFunctions(byte[] bytes) {
        elf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (elf.getInt(0) != 0x464c457f || elf.get(4) != 2 || elf.get(5) != 1 || elf.getShort(16) != 1) {
            throw new IllegalArgumentException("not an ELF64 little-endian relocatable object");
        }
        long shoff = elf.getLong(0x28);
        int shentsize = Short.toUnsignedInt(elf.getShort(0x3a));
        int shnum = Short.toUnsignedInt(elf.getShort(0x3c));
        int shstrndx = Short.toUnsignedInt(elf.getShort(0x3e));
        long[] names = new long[shnum];
        for (int i = 0; i < shnum; i++) {
            int at = (int) (shoff + (long) i * shentsize);
            names[i] = Integer.toUnsignedLong(elf.getInt(at));
            sections.add(new Section(null, elf.getInt(at + 4), elf.getLong(at + 0x18), elf.getLong(at + 0x20),
                    elf.getInt(at + 0x28), elf.getInt(at + 0x2c)));
        }
        for (int i = 0; i < shnum; i++) {
            Section s = sections.get(i);
            sections.set(i, new Section(string(sections.get(shstrndx), names[i]), s.type(), s.offset(), s.size(), s.link(), s.info()));
        }
        Section symtab = sections.stream().filter(s -> s.type() == SHT_SYMTAB).findFirst().orElseThrow();
        for (long at = symtab.offset(); at < symtab.offset() + symtab.size(); at += 24) {
            int info = elf.get((int) at + 4);
            symbols.add(new Symbol(string(sections.get(symtab.link()), Integer.toUnsignedLong(elf.getInt((int) at))),
                    info & 0xf, Short.toUnsignedInt(elf.getShort((int) at + 6)), elf.getLong((int) at + 8), elf.getLong((int) at + 16)));
        }
    }

    /** The object's {@code e_machine} (62: x86-64, 183: AArch64). */
    int machine() {
        return Short.toUnsignedInt(elf.getShort(18));
    }

    /** The names of the symbols the object defines (any type, not the section and file symbols), in symbol order. */
    List<String> definedSymbols() {
        return symbols.stream().filter(s -> s.section() != 0 && s.type() != STT_SECTION && s.type() != STT_FILE
                && !s.name().isEmpty()).map(Symbol::name).toList();
    }

    /** The type ({@code ELF64_R_TYPE}) of every relocation in every {@code SHT_RELA} section, in file order. */
    List<Integer> relocationTypes() {
        List<Integer> out = new ArrayList<>();
        for (Section rela : sections) {
            if (rela.type() == SHT_RELA) {
                for (long at = rela.offset(); at < rela.offset() + rela.size(); at += 24) {
                    out.add((int) (elf.getLong((int) at + 8) & 0xffffffffL));
                }
            }
        }
        return out;
    }

    /** The names of the object's sections, in header order. */
    List<String> sectionNames() {
        return sections.stream().map(Section::name).toList();
    }

    /** The first {@code n} bytes of every function defined in the object, by name, in symbol order. */
    Map<String, byte[]> functionStarts(int n) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (Symbol s : symbols) {
            if (s.type() == STT_FUNC && s.section() != 0 && s.section() < sections.size()) {
                int from = (int) (sections.get(s.section()).offset() + s.value());
                out.put(s.name(), Arrays.copyOfRange(elf.array(), from, from + (int) Math.min(n, s.size())));
            }
        }
        return out;
    }

    /**
     * The functions that gcc lists in {@code __patchable_function_entries}: each relocation there
     * points at a function's entry (a section symbol plus the function's offset in that section).
     */
    List<String> patchableFunctionEntries() {
        List<String> out = new ArrayList<>();
        for (Section rela : sections) {
            if (rela.type() != SHT_RELA || !sections.get(rela.info()).name().equals("__patchable_function_entries")) {
                continue;
            }
            for (long at = rela.offset(); at < rela.offset() + rela.size(); at += 24) {
                Symbol target = symbols.get((int) (elf.getLong((int) at + 8) >>> 32));
                long value = target.value() + elf.getLong((int) at + 16);
                String name = target.type() == STT_SECTION
                        ? symbols.stream().filter(f -> f.type() == STT_FUNC && f.section() == target.section() && f.value() == value)
                                .map(Symbol::name).findFirst().orElse("?" + target.section() + "+" + value)
                        : target.name();
                out.add(name);
            }
        }
        return out;
    }

    private String string(Section table, long offset) {
        int from = (int) (table.offset() + offset);
        int end = from;
        while (elf.get(end) != 0) {
            end++;
        }
        return new String(elf.array(), from, end - from, StandardCharsets.UTF_8);
    }
}
