package dev.quiesce.emulator.link.dwarf;

import dev.quiesce.elf.Elf;
import dev.quiesce.elf.ElfFile;
import dev.quiesce.elf.ElfRelaSection;
import dev.quiesce.elf.ElfRelocation;
import dev.quiesce.elf.ElfSection;
import dev.quiesce.elf.ElfSymbol;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code .debug_line} of one relocatable object with its relocations resolved the way a linker would, except
 * for code addresses: a relocation against a non-allocated section (the {@code .debug_line_str} offsets of
 * {@code DW_FORM_line_strp}) is written into the bytes as {@code S + A}; one against an allocated section (the
 * {@code DW_LNE_set_address} operands) is kept as a {@link Target} — a section of the object and an offset in it —
 * for the image's placement to turn into an address. The relocations are those of x86-64 ({@code R_X86_64_64},
 * {@code 32}, {@code 32S}) and of AArch64 ({@code R_AARCH64_ABS64}, {@code ABS32}), by the object's machine.
 */
final class RelocatedDebugLine {

    /** A code location of the object: section {@code sectionIndex}, byte {@code offset}. */
    record Target(int sectionIndex, long offset) {
    }

    final byte[] bytes;
    final byte[] lineStrings;
    final byte[] strings;
    private final Map<Integer, Target> targets;

    private RelocatedDebugLine(byte[] bytes, byte[] lineStrings, byte[] strings, Map<Integer, Target> targets) {
        this.bytes = bytes;
        this.lineStrings = lineStrings;
        this.strings = strings;
        this.targets = targets;
    }

    /** The object's relocated line table, or empty when it has none. */
    static Optional<RelocatedDebugLine> of(ElfFile object) {
        Optional<ElfSection> line = object.findSection(".debug_line");
        if (line.isEmpty() || line.get().type() != Elf.SHT_PROGBITS) {
            return Optional.empty();
        }
        byte[] bytes = line.get().data();
        Map<Integer, Target> targets = new HashMap<>();
        for (ElfRelaSection rela : object.relocationSections()) {
            if (rela.targetSectionIndex() == line.get().index()) {
                for (ElfRelocation r : rela.relocations()) {
                    apply(object, r, bytes, targets);
                }
            }
        }
        return Optional.of(new RelocatedDebugLine(bytes, data(object, ".debug_line_str"), data(object, ".debug_str"),
                targets));
    }

    /** Where the address operand at {@code offset} of the table points, if a relocation says so. */
    Optional<Target> target(int offset) {
        return Optional.ofNullable(targets.get(offset));
    }

    private static void apply(ElfFile object, ElfRelocation r, byte[] bytes, Map<Integer, Target> targets) {
        int width = object.machine() == Elf.EM_AARCH64 ? a64Width(r.type()) : x86Width(r.type());
        if (width < 0) {
            throw new DwarfFormatException("relocation " + Elf.relocationName(object.machine(), r.type()) + " in .debug_line");
        }
        if (width == 0) {
            return;
        }
        if (r.offset() < 0 || r.offset() > bytes.length - width || r.symbolIndex() < 0
                || r.symbolIndex() >= object.symbols().size()) {
            throw new DwarfFormatException("relocation at 0x%x outside .debug_line or its symbols".formatted(r.offset()));
        }
        ElfSymbol s = object.symbols().get(r.symbolIndex());
        if (s.sectionIndex() <= 0 || s.sectionIndex() >= object.sections().size()) {
            throw new DwarfFormatException("relocation at 0x%x against an undefined or special symbol".formatted(r.offset()));
        }
        long value = s.value() + r.addend();
        if (object.section(s.sectionIndex()).isAlloc()) {
            targets.put((int) r.offset(), new Target(s.sectionIndex(), value));
            return;
        }
        for (int k = 0; k < width; k++) {
            bytes[(int) r.offset() + k] = (byte) (value >>> (8 * k));
        }
    }

    /** The bytes an x86-64 relocation of {@code .debug_line} writes, or -1 for a type a line table does not use. */
    private static int x86Width(int type) {
        return switch (type) {
            case Elf.R_X86_64_64 -> 8;
            case Elf.R_X86_64_32, Elf.R_X86_64_32S -> 4;
            case Elf.R_X86_64_NONE -> 0;
            default -> -1;
        };
    }

    /** As {@link #x86Width} for AArch64 ({@code ABS64}, {@code ABS32}; both codes of {@code NONE}, AAELF64 §5.7.4). */
    private static int a64Width(int type) {
        return switch (type) {
            case Elf.R_AARCH64_ABS64 -> 8;
            case Elf.R_AARCH64_ABS32 -> 4;
            case Elf.R_AARCH64_NONE, 256 -> 0;
            default -> -1;
        };
    }

    private static byte[] data(ElfFile object, String name) {
        return object.findSection(name).map(ElfSection::data).orElse(null);
    }
}
