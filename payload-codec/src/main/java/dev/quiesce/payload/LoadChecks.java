package dev.quiesce.payload;

import dev.quiesce.elf.BuildId;
import dev.quiesce.elf.Elf;
import dev.quiesce.elf.ElfFile;
import dev.quiesce.elf.ElfRelaSection;
import dev.quiesce.elf.ElfRelocation;
import dev.quiesce.elf.ElfSection;
import dev.quiesce.isa.Arch;
import java.util.Optional;

/**
 * Xen's upload checks between the container checks and the special sections, in Xen's order: the
 * {@code .livepatch.xen_depends} note's format, section permissions, symbols and relocations (Xen:
 * {@code load_payload_data()} → {@code check_xen_buildid()}, {@code move_payload()} in xen/common/livepatch.c,
 * {@code livepatch_elf_resolve_symbols()}, {@code livepatch_elf_perform_relocs()} in
 * xen/common/livepatch_elf.c, {@code arch_livepatch_perform_rela()} in xen/arch/x86/livepatch.c). What needs the
 * running image (the build-id comparison, undefined symbols, PC32 overflow) is left to the registry.
 */
final class LoadChecks {

    private LoadChecks() {
    }

    /** The first section with this name, as Xen's {@code livepatch_elf_sec_by_name()} finds it. */
    static Optional<ElfSection> section(ElfFile f, String name) {
        return f.sections().stream().skip(1).filter(s -> s.name().equals(name)).findFirst();
    }

    /** A section's contents as Xen sees them once loaded: NOBITS reads as zeros (capped past the 2 MiB limit). */
    static byte[] contents(ElfSection s) {
        if (s.isNobits()) {
            long cap = ElfLoadCheck.MAX_SIZE + 16;
            return new byte[(int) (s.size() < 0 || s.size() > cap ? cap : s.size())];
        }
        return s.data();
    }

    /** The {@code .livepatch.xen_depends} build-id if the section exists; a malformed one is -EINVAL. */
    static Optional<BuildId> xenDepends(ElfFile f) {
        Optional<ElfSection> s = section(f, PayloadWriter.XEN_DEPENDS);
        if (s.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(BuildIdNote.parse(contents(s.get()), PayloadWriter.XEN_DEPENDS));
        } catch (PayloadException e) {
            throw new PayloadException(Errno.EINVAL, e.getMessage(), e);
        }
    }

    /** Allocated sections must not be both writable and executable (-EOPNOTSUPP). */
    static void sectionPermissions(ElfFile f) {
        for (ElfSection s : f.sections().subList(1, f.sections().size())) {
            if (s.isAlloc() && s.isWrite() && s.isExec()) {
                throw new PayloadException(Errno.EOPNOTSUPP, ("%s is both writable and executable; Xen maps payload pages"
                        + " RX, RW or RO — put code and data in separate sections").formatted(s.describe()));
            }
        }
    }

    /**
     * Checks every symbol's section index and returns which symbols Xen ignores (defined in a section that is not
     * loaded).
     */
    static boolean[] symbols(ElfFile f) {
        ElfSection symtab = f.sections().stream().filter(s -> s.type() == Elf.SHT_SYMTAB).findFirst().orElseThrow();
        int count = f.symbols().size();
        boolean[] ignored = new boolean[count];
        for (int i = 1; i < count; i++) {
            int index = f.bytes().getShort((int) (symtab.offset() + (long) Elf.SYM_SIZE * i + 6)) & 0xffff;
            String name = f.symbols().get(i).name();
            if (index == Elf.SHN_COMMON) {
                throw new PayloadException(Errno.EINVAL, "symbol '%s' is a COMMON symbol, which Xen cannot place; compile with -fno-common"
                        .formatted(name));
            } else if (index == Elf.SHN_UNDEF || index == Elf.SHN_ABS) {
                continue;
            } else if (index >= Elf.SHN_LORESERVE) {
                throw new PayloadException(Errno.EOPNOTSUPP, "symbol '%s' has the reserved section index 0x%x, which Xen does not support; link the payload with ld -r"
                        .formatted(name, index));
            } else if (index >= f.sections().size()) {
                throw new PayloadException(Errno.EINVAL, "symbol '%s' is in section %d, past the %d sections — the file is corrupt; rebuild the payload"
                        .formatted(name, index, f.sections().size()));
            }
            ignored[i] = !f.section(index).isAlloc();
        }
        return ignored;
    }

    /** Checks the relocations Xen would apply (those patching allocated sections). */
    static void relocations(ElfFile f, boolean[] ignored) {
        int symtab = f.sections().stream().filter(s -> s.type() == Elf.SHT_SYMTAB).findFirst().orElseThrow().index();
        for (ElfSection r : f.sections().subList(1, f.sections().size())) {
            if (r.type() != Elf.SHT_RELA && r.type() != Elf.SHT_REL) {
                continue;
            }
            long info = Integer.toUnsignedLong(r.info());
            if (info >= f.sections().size() || !f.section((int) info).isAlloc()) {
                continue;
            }
            if (r.link() != symtab) {
                throw new PayloadException(Errno.EINVAL, "%s links to section %d, not to the symbol table [%d] — the file is corrupt; rebuild the payload"
                        .formatted(r.describe(), r.link(), symtab));
            }
            long entry = r.type() == Elf.SHT_RELA ? Elf.RELA_SIZE : 16;
            if (r.size() == 0) {
                continue;
            }
            if (Long.compareUnsigned(r.entsize(), entry) < 0 || Long.remainderUnsigned(r.size(), r.entsize()) != 0) {
                throw new PayloadException(Errno.EINVAL, "%s has a corrupt header (sh_entsize %d, sh_size 0x%x); rebuild the payload"
                        .formatted(r.describe(), r.entsize(), r.size()));
            }
            if (r.type() == Elf.SHT_REL && arch(f) == Arch.AARCH64) {
                throw new PayloadException(Errno.ENOSYS, "%s holds SHT_REL relocations; Xen on Arm64 applies only RELA — build with an AArch64 toolchain"
                        .formatted(r.describe()));
            }
            if (r.type() == Elf.SHT_REL) {
                throw new PayloadException(Errno.EOPNOTSUPP, "%s holds SHT_REL relocations; Xen on x86 applies only RELA — build with an x86-64 toolchain"
                        .formatted(r.describe()));
            }
            ElfRelaSection rela = f.relocationSections().stream().filter(x -> x.section().index() == r.index()).findFirst().orElseThrow();
            check(f, rela, f.section((int) info), ignored);
        }
    }

    /** The architecture of a payload whose machine {@code ElfLoadCheck} accepted. */
    static Arch arch(ElfFile f) {
        return f.machine() == Elf.EM_AARCH64 ? Arch.AARCH64 : Arch.X86_64;
    }

    private static void check(ElfFile f, ElfRelaSection rela, ElfSection target, boolean[] ignored) {
        Arch arch = arch(f);
        for (ElfRelocation x : rela.relocations()) {
            String where = "relocation %s at %s+0x%x".formatted(Elf.relocationName(f.machine(), x.type()),
                    target.name(), x.offset());
            if (x.symbolIndex() == 0) {
                throw new PayloadException(Errno.EOPNOTSUPP, "%s has no symbol (STN_UNDEF), which Xen cannot resolve; rebuild the payload"
                        .formatted(where));
            } else if (x.symbolIndex() >= f.symbols().size()) {
                throw new PayloadException(Errno.EINVAL, "%s names symbol %d, past the symbol table — the file is corrupt; rebuild the payload"
                        .formatted(where, x.symbolIndex()));
            } else if (ignored[x.symbolIndex()]) {
                throw new PayloadException(Errno.EINVAL, "%s uses symbol '%s' of a section that is not loaded; only reference allocated sections"
                        .formatted(where, f.symbols().get(x.symbolIndex()).name()));
            }
            if (arch == Arch.AARCH64) {
                arm64(x, where, target);
                continue;
            }
            long width = XenRelocations.width(x.type()).orElseThrow(() -> new PayloadException(Errno.EOPNOTSUPP,
                    ("%s: Xen on x86 applies only %s — rebuild the payload from code compiled with -fpie -mcmodel=small"
                            + " and hidden visibility (quiesce payload build refuses anything else and says why)")
                            .formatted(where, XenRelocations.names())));
            if (width > 0 && (Long.compareUnsigned(x.offset(), target.size()) >= 0
                    || Long.compareUnsigned(width, target.size() - x.offset()) > 0)) {
                throw new PayloadException(Errno.EINVAL, "%s lies past the end of %s (0x%x bytes) — the file is corrupt; rebuild the payload"
                        .formatted(where, target.name(), target.size()));
            }
        }
    }

    /**
     * Xen's Arm64 order: the 4 bytes every place needs (before the type is looked at), the type, then the 8 bytes
     * of a 64-bit place (-EINVAL, -EOPNOTSUPP, -EINVAL).
     */
    private static void arm64(ElfRelocation x, String where, ElfSection target) {
        long room = Long.compareUnsigned(x.offset(), target.size()) >= 0 ? 0 : target.size() - x.offset();
        if (Long.compareUnsigned(room, 4) < 0) {
            throw new PayloadException(Errno.EINVAL, ("%s lies past the end of %s (0x%x bytes; Xen on Arm64 needs 4"
                    + " bytes at every place) — the file is corrupt; rebuild the payload").formatted(where,
                    target.name(), target.size()));
        }
        long width = XenArm64Relocations.width(x.type()).orElseThrow(() -> new PayloadException(Errno.EOPNOTSUPP,
                ("%s: Xen on Arm64 applies only %s (Unhandled relocation) — rebuild the payload from code compiled"
                        + " with -fpie and hidden visibility").formatted(where, XenArm64Relocations.names())));
        if (Long.compareUnsigned(width, room) > 0) {
            throw new PayloadException(Errno.EINVAL, "%s needs 8 bytes but lies 0x%x bytes before the end of %s — the file is corrupt; rebuild the payload"
                    .formatted(where, room, target.name()));
        }
    }
}
