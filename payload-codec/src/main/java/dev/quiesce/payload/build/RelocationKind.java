package dev.quiesce.payload.build;

import dev.quiesce.elf.Elf;
import dev.quiesce.isa.Arch;
import dev.quiesce.payload.XenRelocations;

/**
 * Why a relocation in carried code cannot go into a payload, by the compiler option that produced it: each kind
 * has its own fix, and none of the fixes is the option that caused it. The accepted types are Xen's
 * ({@link XenRelocations}: {@code arch_livepatch_perform_rela()} in xen/arch/x86/livepatch.c; AArch64's are
 * {@link A64RelocationKind}'s).
 */
enum RelocationKind {

    /** Xen applies it. */
    ACCEPTED,
    /** A 32-, 16- or 8-bit absolute address: {@code -fno-pic} code, which must run below 2 GiB. */
    ABSOLUTE,
    /** A reference through the global offset table: default visibility under {@code -fpic}, or an external
     *  function's address under {@code -fpie}. A payload has no GOT. */
    GOT,
    /** Thread-local storage ({@code __thread}): hypervisor code has none. */
    TLS,
    /** Anything else Xen refuses (a 64- or 16-bit PC-relative field, a symbol size, no symbol at all). */
    OTHER;

    /** The kind of a relocation of {@code type} against symbol index {@code symbol} in an object of {@code arch}. */
    static RelocationKind of(Arch arch, int type, int symbol) {
        return arch == Arch.AARCH64 ? A64RelocationKind.of(type, symbol) : of(type, symbol);
    }

    /** The kind of an x86-64 relocation of {@code type} against symbol index {@code symbol}. */
    static RelocationKind of(int type, int symbol) {
        if (symbol == 0 && type != Elf.R_X86_64_NONE) {
            return OTHER; // Xen: STN_UNDEF → -EOPNOTSUPP
        }
        if (XenRelocations.isApplied(type)) {
            return ACCEPTED;
        }
        return switch (type) {
            case Elf.R_X86_64_32, Elf.R_X86_64_32S, Elf.R_X86_64_16, Elf.R_X86_64_8 -> ABSOLUTE;
            case Elf.R_X86_64_GOT32, Elf.R_X86_64_GOTPCREL, Elf.R_X86_64_GOTPCRELX, Elf.R_X86_64_REX_GOTPCRELX,
                 Elf.R_X86_64_CODE_4_GOTPCRELX, Elf.R_X86_64_GOTOFF64, Elf.R_X86_64_GOTPC32, Elf.R_X86_64_GOT64,
                 Elf.R_X86_64_GOTPCREL64, Elf.R_X86_64_GOTPC64, Elf.R_X86_64_GOTPLT64, Elf.R_X86_64_PLTOFF64 -> GOT;
            case Elf.R_X86_64_TLSGD, Elf.R_X86_64_TLSLD, Elf.R_X86_64_DTPOFF32, Elf.R_X86_64_DTPOFF64,
                 Elf.R_X86_64_DTPMOD64, Elf.R_X86_64_GOTTPOFF, Elf.R_X86_64_TPOFF32, Elf.R_X86_64_TPOFF64,
                 Elf.R_X86_64_GOTPC32_TLSDESC, Elf.R_X86_64_TLSDESC_CALL, Elf.R_X86_64_CODE_4_GOTTPOFF,
                 Elf.R_X86_64_CODE_4_GOTPC32_TLSDESC -> TLS;
            default -> OTHER;
        };
    }
}
