package dev.quiesce.emulator.link;

import dev.quiesce.elf.Elf;
import dev.quiesce.elf.ElfFile;
import dev.quiesce.elf.ElfRelaSection;
import dev.quiesce.elf.ElfRelocation;
import dev.quiesce.elf.ElfSymbol;
import java.util.List;

/**
 * The relocation step of a link: applies the RELA relocations of every placed section to the layout's contents. Supported: the
 * x86-64 small code model without PIC ({@code R_X86_64_64}, {@code PC32}, {@code PLT32}, {@code 32},
 * {@code 32S}, {@code NONE}); a value that does not fit its field is an error, never truncated.
 */
final class Relocator {

    private Relocator() {
    }

    static void apply(List<ElfFile> objects, Layout layout, SymbolResolver symbols) {
        for (int i = 0; i < objects.size(); i++) {
            ElfFile object = objects.get(i);
            for (ElfRelaSection rela : object.relocationSections()) {
                PlacedSection target = layout.placed(i, rela.targetSectionIndex());
                if (target == null || rela.relocations().isEmpty()) {
                    continue;
                }
                if (target.kind().nobits()) {
                    throw new LinkException("%s section %s relocates %s, which has no contents (SHT_NOBITS)"
                            .formatted(object.fileName(), rela.section().name(), target.name()));
                }
                if (object.section(rela.section().link()).type() != Elf.SHT_SYMTAB) {
                    throw new LinkException("%s section %s does not use the object's .symtab (sh_link %d)"
                            .formatted(object.fileName(), rela.section().name(), rela.section().link()));
                }
                byte[] contents = layout.contents(target.kind());
                long regionStart = layout.regionStart(target.kind());
                for (ElfRelocation r : rela.relocations()) {
                    apply(i, object, target, r, symbols, contents, (int) (target.address() - regionStart + r.offset()));
                }
            }
        }
    }

    private static void apply(int objectIndex, ElfFile object, PlacedSection target, ElfRelocation r,
                              SymbolResolver symbols, byte[] contents, int at) {
        String site = "%s section %s+0x%x".formatted(object.fileName(), target.name(), r.offset());
        switch (r.type()) {
            case Elf.R_X86_64_NONE -> {
                return;
            }
            case Elf.R_X86_64_64, Elf.R_X86_64_PC32, Elf.R_X86_64_PLT32, Elf.R_X86_64_32, Elf.R_X86_64_32S -> {
            }
            default -> throw new LinkException(
                    "unsupported relocation %s (%d) in %s section %s at 0x%x; %s".formatted(
                            Elf.relocationName(r.type()), Integer.toUnsignedLong(r.type()), object.fileName(), target.name(),
                            r.offset(), advice(r.type())));
        }
        long s = symbols.address(objectIndex, r.symbolIndex(), site);
        long p = target.address() + r.offset();
        if (r.type() == Elf.R_X86_64_64) {
            write(contents, at, s + r.addend(), 8);
            return;
        }
        boolean pcRelative = r.type() == Elf.R_X86_64_PC32 || r.type() == Elf.R_X86_64_PLT32;
        long value;
        boolean fits;
        try {
            value = pcRelative ? Math.subtractExact(Math.addExact(s, r.addend()), p) : Math.addExact(s, r.addend());
            fits = r.type() == Elf.R_X86_64_32 ? value >= 0 && value <= 0xffff_ffffL : value == (int) value;
        } catch (ArithmeticException e) {
            value = pcRelative ? s + r.addend() - p : s + r.addend();
            fits = false;
        }
        if (!fits) {
            ElfSymbol symbol = object.symbols().get(r.symbolIndex());
            throw new LinkException("relocation %s in %s section %s at 0x%x against '%s' (0x%x): %s = %s does not fit in %s 32 bits%s"
                    .formatted(Elf.relocationName(r.type()), object.fileName(), target.name(), r.offset(),
                            SymbolResolver.displayName(object, symbol), s, pcRelative ? "S + A - P" : "S + A", signedHex(value),
                            r.type() == Elf.R_X86_64_32 ? "unsigned" : "signed",
                            pcRelative ? "; the target is more than 2 GiB away from the place" : "; the address is outside the small code model"));
        }
        write(contents, at, value, 4);
    }

    /** What fixes an unsupported relocation: GOT and TLS forms need other source, everything else PC-relative code. */
    private static String advice(int type) {
        String name = Elf.relocationName(type);
        if (name.contains("GOT")) {
            return "the code reaches a symbol through the GOT: give the symbol hidden visibility (-fvisibility=hidden for "
                    + "definitions, __attribute__((visibility(\"hidden\"))) or #pragma GCC visibility push(hidden) for "
                    + "declarations)";
        }
        if (name.contains("TPOFF") || name.contains("TLS") || name.contains("DTP")) {
            return "thread-local storage is not supported: use an ordinary variable";
        }
        return "compile with -fpie -mcmodel=small (only PC-relative and 64-bit absolute relocations are linked)";
    }

    private static String signedHex(long v) {
        return v < 0 ? "-0x" + Long.toHexString(-v) : "0x" + Long.toHexString(v);
    }

    private static void write(byte[] contents, int at, long value, int width) {
        for (int k = 0; k < width; k++) {
            contents[at + k] = (byte) (value >>> (8 * k));
        }
    }
}
