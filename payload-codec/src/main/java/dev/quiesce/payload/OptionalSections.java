package dev.quiesce.payload;

import dev.quiesce.elf.Elf;
import dev.quiesce.elf.ElfFile;
import dev.quiesce.elf.ElfRelaSection;
import dev.quiesce.elf.ElfRelocation;
import dev.quiesce.elf.ElfSection;
import dev.quiesce.elf.ElfSymbol;
import dev.quiesce.isa.Arch;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Xen's checks of the optional x86 sections a payload may carry, as a hypervisor built with alternatives,
 * alternative calls and exception tables makes them (Xen: {@code prepare_payload()} in xen/common/livepatch.c):
 * {@code .bug_frames.0..3} (8-byte frames), {@code .altinstructions} (14-byte {@code struct alt_instr}) with
 * {@code .altinstr_replacement}, {@code .alt_call_sites} (4-byte entries, 6-byte calls) and {@code .ex_table}
 * (8-byte entries). Every failure is -EINVAL. On Arm64 (xen/arch/arm/include/asm/bug.h and asm/alternative.h)
 * bug frames are 16 bytes and {@code struct alt_instr} 12 (its lengths at the same offsets, 10 and 11), the
 * offsets are made by {@code R_AARCH64_PREL32}, and {@code .alt_call_sites} and {@code .ex_table} are refused with
 * -EOPNOTSUPP: Arm selects neither {@code CONFIG_ALTERNATIVE_CALL} nor {@code CONFIG_HAS_EX_TABLE}.
 *
 * <p>Xen checks that an alternative's original code lies inside the payload's text region (all executable,
 * non-writable sections laid out together); here it must lie inside one such section, found through the PC32
 * relocation of the entry's self-relative offset.
 */
final class OptionalSections {

    private static final int ALT_INSTR = 14;
    private static final int ALT_CALL = 4;
    private static final int ALT_CALL_LENGTH = 6;
    private static final int ARM_BUG_FRAME = 16;
    private static final int ARM_ALT_INSTR = 12;

    private OptionalSections() {
    }

    static void check(ElfFile f) {
        boolean arm = LoadChecks.arch(f) == Arch.AARCH64;
        for (int i = 0; i < 4; i++) {
            multiple(f, ".bug_frames." + i, arm ? ARM_BUG_FRAME : 8);
        }
        long text = f.sections().stream().filter(OptionalSections::isText).mapToLong(ElfSection::size).sum();
        int altInstr = arm ? ARM_ALT_INSTR : ALT_INSTR;
        Optional<ElfSection> alt = multiple(f, ".altinstructions", altInstr);
        if (alt.isPresent() && alt.get().size() > 0) {
            requireText(text, ".altinstructions");
            ElfSection repl = LoadChecks.section(f, ".altinstr_replacement").orElseThrow(() -> new PayloadException(Errno.EINVAL,
                    ".altinstructions is present but .altinstr_replacement is missing; rebuild the payload"));
            SelfRelative table = new SelfRelative(f, alt.get());
            for (int at = 0; at + altInstr <= table.contents.capacity(); at += altInstr) {
                int origLength = table.contents.get(at + 10) & 0xff;
                int replLength = table.contents.get(at + 11) & 0xff;
                String which = "alternative #%d of .altinstructions".formatted(at / altInstr);
                if (origLength > text || !table.pointsInside(at, origLength, OptionalSections::isText)) {
                    throw new PayloadException(Errno.EINVAL, "%s patches %d bytes outside the payload's text; rebuild the payload"
                            .formatted(which, origLength));
                }
                if (replLength > repl.size() || !table.pointsInside(at + 4, replLength, s -> s.index() == repl.index())) {
                    throw new PayloadException(Errno.EINVAL, "%s takes %d replacement bytes from outside .altinstr_replacement; rebuild the payload"
                            .formatted(which, replLength));
                }
            }
        }
        if (arm) {
            for (String unsupported : new String[] {".alt_call_sites", ".ex_table"}) {
                if (LoadChecks.section(f, unsupported).isPresent()) {
                    throw new PayloadException(Errno.EOPNOTSUPP, ("the payload has %s, which Xen on Arm64 does not"
                            + " support (it has no alternative calls or exception tables); drop the section")
                            .formatted(unsupported));
                }
            }
            return;
        }
        Optional<ElfSection> calls = multiple(f, ".alt_call_sites", ALT_CALL);
        if (calls.isPresent() && calls.get().size() > 0) {
            requireText(text, ".alt_call_sites");
            SelfRelative table = new SelfRelative(f, calls.get());
            for (int at = 0; at + ALT_CALL <= table.contents.capacity(); at += ALT_CALL) {
                if (ALT_CALL_LENGTH > text || !table.pointsInside(at, ALT_CALL_LENGTH, OptionalSections::isText)) {
                    throw new PayloadException(Errno.EINVAL, "alternative call #%d of .alt_call_sites lies outside the payload's text; rebuild the payload"
                            .formatted(at / ALT_CALL));
                }
            }
        }
        multiple(f, ".ex_table", 8);
    }

    private static Optional<ElfSection> multiple(ElfFile f, String name, int entry) {
        Optional<ElfSection> s = LoadChecks.section(f, name);
        if (s.isPresent() && Long.remainderUnsigned(s.get().size(), entry) != 0) {
            throw new PayloadException(Errno.EINVAL, "%s is %d bytes, not a multiple of its %d-byte entries; rebuild the payload"
                    .formatted(name, s.get().size(), entry));
        }
        return s;
    }

    private static void requireText(long text, String name) {
        if (text == 0) {
            throw new PayloadException(Errno.EINVAL, "%s is present but the payload has no code to alter; drop it or add the code"
                    .formatted(name));
        }
    }

    private static boolean isText(ElfSection s) {
        return s.isAlloc() && s.isExec() && !s.isWrite();
    }

    /** A table of self-relative 32-bit offsets, each made by a PC32 relocation (or stored as is). */
    private static final class SelfRelative {
        private final ElfFile elf;
        private final ElfSection table;
        private final ByteBuffer contents;
        private final TreeMap<Long, ElfRelocation> relocations = new TreeMap<>();

        SelfRelative(ElfFile elf, ElfSection table) {
            this.elf = elf;
            this.table = table;
            this.contents = ByteBuffer.wrap(LoadChecks.contents(table)).order(ByteOrder.LITTLE_ENDIAN);
            boolean arm = elf.machine() == Elf.EM_AARCH64;
            for (ElfRelaSection rela : elf.relocationSections()) {
                if (rela.targetSectionIndex() == table.index() && table.isAlloc()) {
                    for (ElfRelocation x : rela.relocations()) {
                        if (arm ? x.type() == Elf.R_AARCH64_PREL32
                                : x.type() == Elf.R_X86_64_PC32 || x.type() == Elf.R_X86_64_PLT32) {
                            relocations.put(x.offset(), x);
                        } else {
                            relocations.remove(x.offset());
                        }
                    }
                }
            }
        }

        /** Whether the offset at {@code field} points to {@code length} bytes inside one accepted section. */
        boolean pointsInside(int field, long length, Predicate<ElfSection> accepted) {
            ElfRelocation r = relocations.get((long) field);
            if (r == null) {
                long place = field + (long) contents.getInt(field);
                return accepted.test(table) && place >= 0 && place + length <= table.size();
            }
            ElfSymbol s = elf.symbols().get(r.symbolIndex());
            if (s.isUndefined() || s.sectionIndex() >= Elf.SHN_LORESERVE || !accepted.test(elf.section(s.sectionIndex()))) {
                return false;
            }
            long place = s.value() + r.addend();
            return place >= 0 && place + length <= elf.section(s.sectionIndex()).size();
        }
    }
}
