package dev.quiesce.payload;

import dev.quiesce.isa.Arch;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Xen's checks of the raw ELF container, on the bytes and in Xen's order, before anything else parses them
 * (Xen: {@code livepatch_elf_load()} in xen/common/livepatch_elf.c — {@code livepatch_header_check},
 * {@code elf_resolve_sections}, {@code elf_resolve_section_names}, {@code elf_get_sym} — and
 * {@code arch_livepatch_verify_elf()} in xen/arch/x86/livepatch.c and xen/arch/arm/arm64/livepatch.c). The
 * machine check is the host's: x86 wants {@code EM_X86_64}, {@code ELFCLASS64} and {@code ELFDATA2LSB}; Arm64
 * wants {@code EM_AARCH64} and {@code ELFCLASS64} and does not look at {@code EI_DATA} — this reader reads only
 * little-endian objects, so it still refuses {@code ELFDATA2MSB} there, with the same -EOPNOTSUPP.
 */
final class ElfLoadCheck {

    /** {@code LIVEPATCH_MAX_SIZE}: the largest payload, and the largest writable or allocated NOBITS section. */
    static final long MAX_SIZE = 2L * 1024 * 1024;

    /**
     * The most section bytes a payload may need: Xen allocates its loaded sections in one vmalloc
     * ({@code move_payload()}, -ENOMEM when that fails); this reader copies every section, so sections that
     * overlap many times over are refused here, with the same errno.
     */
    static final long MEMORY_LIMIT = 8 * MAX_SIZE;

    private static final int EHDR = 64;
    private static final int SHDR = 64;
    private static final int SYM = 24;
    private static final int SHT_SYMTAB = 2;
    private static final int SHT_STRTAB = 3;
    private static final int SHT_NOBITS = 8;
    private static final long SHF_WRITE_OR_ALLOC = 0x3;
    private static final String REBUILD = " — the file is corrupt; rebuild the payload";

    private final ByteBuffer b;
    private final long len;
    private final Arch arch;

    private ElfLoadCheck(byte[] bytes, Arch arch) {
        this.b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        this.len = bytes.length;
        this.arch = arch;
    }

    static void check(byte[] bytes, Arch arch) {
        new ElfLoadCheck(bytes, arch).run();
    }

    private void run() {
        header();
        int shnum = u16(0x3c);
        int symtab = sections(shnum);
        long strtab = shdr(u32(shdr(symtab) + 0x28));
        verifyStrtab(strtab, "the symbol string table (sh_link of .symtab)");
        long shstrtab = shdr(u16(0x3e));
        verifyStrtab(shstrtab, "the section name table (e_shstrndx)");
        long namesSize = b.getLong((int) shstrtab + 0x20);
        for (int i = 1; i < shnum; i++) {
            if (Long.compareUnsigned(Integer.toUnsignedLong(b.getInt((int) shdr(i))), namesSize) >= 0) {
                throw einval("section [%d]'s name lies outside the section name table".formatted(i));
            }
        }
        long total = 0;
        for (int i = 1; i < shnum; i++) {
            if (b.getInt((int) shdr(i) + 4) != SHT_NOBITS) {
                total += b.getLong((int) shdr(i) + 0x20);
            }
        }
        if (total > MEMORY_LIMIT) {
            throw new PayloadException(Errno.ENOMEM, ("the payload's sections add up to %d bytes of a %d-byte file (they overlap);"
                    + " they cannot be allocated — rebuild the payload").formatted(total, len));
        }
        long symSize = b.getLong((int) shdr(symtab) + 0x20);
        long symEnt = b.getLong((int) shdr(symtab) + 0x38);
        long symOff = b.getLong((int) shdr(symtab) + 0x18);
        long strSize = b.getLong((int) strtab + 0x20);
        for (long i = 1; i < symSize / symEnt; i++) {
            if (Long.compareUnsigned(Integer.toUnsignedLong(b.getInt((int) (symOff + symEnt * i))), strSize) >= 0) {
                throw einval("symbol [%d]'s name lies outside the symbol string table".formatted(i));
            }
        }
    }

    private void header() {
        if (len < EHDR) {
            throw einval("the payload is %d bytes, shorter than an ELF64 header (64); upload the .livepatch ELF object".formatted(len));
        }
        if (b.getInt(0) != 0x464c457f) {
            throw einval("the payload is not an ELF file (no \\x7fELF magic); upload the .livepatch ELF object");
        }
        int type = u16(0x10);
        if (b.getInt(0x14) != 1 || b.get(6) != 1 || b.get(8) != 0 || (b.get(7) != 0 && b.get(7) != 9) || type != 1
                || u16(0x38) != 0) {
            throw new PayloadException(Errno.EOPNOTSUPP, ("the payload is not a relocatable ELF object (e_type %d, e_phnum %d,"
                    + " version %d/%d, OS ABI %d/%d); Xen loads only ET_REL objects — link the payload with ld -r")
                    .formatted(type, u16(0x38), b.getInt(0x14), b.get(6), b.get(7), b.get(8)));
        }
        if (u16(0x12) != arch.elfMachine() || b.get(4) != 2 || b.get(5) != 1) {
            throw new PayloadException(Errno.EOPNOTSUPP, ("the payload is for %s, class %d, data %d, but this host is"
                    + " %s: Xen there loads only little-endian ELFCLASS64 %s objects — build it with an %s toolchain")
                    .formatted(Arch.describeElfMachine(u16(0x12)), b.get(4), b.get(5), arch.label(),
                            arch == Arch.AARCH64 ? "EM_AARCH64" : "EM_X86_64", arch.label()));
        }
        int shstrndx = u16(0x3e);
        int shnum = u16(0x3c);
        if (shstrndx == 0) {
            throw einval("e_shstrndx is 0: the payload has no section name table" + REBUILD);
        }
        if (shnum >= 1024) {
            throw new PayloadException(Errno.EOPNOTSUPP, "the payload has %d sections, Xen accepts at most 1023; split it into smaller payloads"
                    .formatted(shnum));
        }
        if (shstrndx >= shnum) {
            throw einval("e_shstrndx %d is past the %d sections%s".formatted(shstrndx, shnum, REBUILD));
        }
        long shoff = b.getLong(0x28);
        if (Long.compareUnsigned(shoff, len) >= 0) {
            throw einval("e_shoff 0x%x lies outside the %d-byte file%s".formatted(shoff, len, REBUILD));
        }
        int shentsize = u16(0x3a);
        if (shentsize < SHDR) {
            throw einval("e_shentsize is %d, smaller than an ELF64 section header (64)%s".formatted(shentsize, REBUILD));
        }
        if ((len - shoff) / shentsize < shnum) {
            throw einval("the %d section headers run past the end of the file%s".formatted(shnum, REBUILD));
        }
    }

    /** Checks each section header in index order and returns the index of the one symbol table. */
    private int sections(int shnum) {
        int symtab = 0;
        for (int i = 1; i < shnum; i++) {
            int at = (int) shdr(i);
            int type = b.getInt(at + 4);
            long flags = b.getLong(at + 8);
            long addr = b.getLong(at + 0x10);
            long offset = b.getLong(at + 0x18);
            long size = b.getLong(at + 0x20);
            long align = b.getLong(at + 0x30);
            if (Long.compareUnsigned(offset, EHDR) < 0) {
                throw einval("section [%d]'s data (sh_offset 0x%x) lies in the ELF header%s".formatted(i, offset, REBUILD));
            }
            if (type != SHT_NOBITS && (Long.compareUnsigned(offset, len) > 0 || Long.compareUnsigned(size, len - offset) > 0)) {
                throw einval("section [%d]'s data (0x%x bytes at 0x%x) runs past the end of the %d-byte file%s"
                        .formatted(i, size, offset, len, REBUILD));
            }
            if ((align & (align - 1)) != 0) {
                throw new PayloadException(Errno.EOPNOTSUPP, "section [%d]'s alignment 0x%x is not a power of two%s"
                        .formatted(i, align, REBUILD));
            }
            if (align != 0 && Long.remainderUnsigned(addr, align) != 0) {
                throw einval("section [%d]'s sh_addr 0x%x is not aligned to its sh_addralign 0x%x%s".formatted(i, addr, align, REBUILD));
            }
            if ((flags & SHF_WRITE_OR_ALLOC) != 0 && type == SHT_NOBITS && Long.compareUnsigned(size, MAX_SIZE) > 0) {
                throw einval("section [%d] is a 0x%x-byte .bss-like section, over Xen's 2 MiB limit; make it smaller"
                        .formatted(i, size));
            }
            if (type == SHT_SYMTAB) {
                if (symtab != 0) {
                    throw new PayloadException(Errno.EOPNOTSUPP, "sections [%d] and [%d] are both symbol tables; Xen supports one — link the payload with ld -r"
                            .formatted(symtab, i));
                }
                symtab = i;
                if (Integer.toUnsignedLong(b.getInt(at + 0x28)) >= shnum) {
                    throw einval("the symbol table's string table index %d is past the %d sections%s"
                            .formatted(Integer.toUnsignedLong(b.getInt(at + 0x28)), shnum, REBUILD));
                }
            }
        }
        if (symtab == 0) {
            throw einval("the payload has no symbol table; do not strip it (Xen resolves its symbols and relocations)");
        }
        long size = b.getLong((int) shdr(symtab) + 0x20);
        long entsize = b.getLong((int) shdr(symtab) + 0x38);
        if (size == 0 || Long.compareUnsigned(entsize, SYM) < 0 || Long.remainderUnsigned(size, entsize) != 0) {
            throw einval("the symbol table header is corrupt (sh_size 0x%x, sh_entsize %d)%s".formatted(size, entsize, REBUILD));
        }
        return symtab;
    }

    private void verifyStrtab(long header, String what) {
        long size = b.getLong((int) header + 0x20);
        long offset = b.getLong((int) header + 0x18);
        if (header == shdr(0) || b.getInt((int) header + 4) != SHT_STRTAB || size == 0
                || b.get((int) offset) != 0 || b.get((int) (offset + size - 1)) != 0) {
            throw einval("%s is not a string table that starts and ends with NUL%s".formatted(what, REBUILD));
        }
    }

    private long shdr(long index) {
        return b.getLong(0x28) + index * u16(0x3a);
    }

    private int u16(int at) {
        return b.getShort(at) & 0xffff;
    }

    private int u32(long at) {
        return b.getInt((int) at);
    }

    private static PayloadException einval(String sentence) {
        return new PayloadException(Errno.EINVAL, sentence);
    }
}
