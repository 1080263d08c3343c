package dev.quiesce.payload.build;

import dev.quiesce.elf.Elf;
import dev.quiesce.payload.XenArm64Relocations;

/**
 * The {@link RelocationKind} of an AArch64 relocation in carried code: accepted when Xen's Arm64 loader applies it
 * ({@link XenArm64Relocations}: {@code arch_livepatch_perform_rela()} in xen/arch/arm/arm64/livepatch.c), a GOT or a
 * TLS form by its AAELF64 group (§5.7, "Static AArch64 relocations": the GOT-relative instruction relocations and
 * the thread-local storage relocations), anything else — {@code LD_PREL_LO19} of a literal pool, {@code PLT32},
 * no symbol at all — OTHER. AArch64 has no ABSOLUTE kind: Xen applies {@code ABS16}/{@code ABS32} and the
 * {@code MOVW_UABS} groups.
 */
final class A64RelocationKind {

    private A64RelocationKind() {
    }

    /** The kind of an AArch64 relocation of {@code type} against symbol index {@code symbol}. */
    static RelocationKind of(int type, int symbol) {
        if (symbol == 0 && type != Elf.R_AARCH64_NONE) {
            return RelocationKind.OTHER; // Xen: STN_UNDEF → -EOPNOTSUPP
        }
        if (XenArm64Relocations.isApplied(type)) {
            return RelocationKind.ACCEPTED;
        }
        return switch (type) {
            case Elf.R_AARCH64_GOT_LD_PREL19, Elf.R_AARCH64_ADR_GOT_PAGE, Elf.R_AARCH64_LD64_GOT_LO12_NC,
                 Elf.R_AARCH64_LD64_GOTPAGE_LO15 -> RelocationKind.GOT;
            case Elf.R_AARCH64_TLSGD_ADR_PREL21, Elf.R_AARCH64_TLSGD_ADR_PAGE21,
                 Elf.R_AARCH64_TLSIE_ADR_GOTTPREL_PAGE21, Elf.R_AARCH64_TLSIE_LD64_GOTTPREL_LO12_NC,
                 Elf.R_AARCH64_TLSLE_ADD_TPREL_HI12, Elf.R_AARCH64_TLSLE_ADD_TPREL_LO12_NC,
                 Elf.R_AARCH64_TLSDESC_ADR_PAGE21, Elf.R_AARCH64_TLSDESC_LD64_LO12, Elf.R_AARCH64_TLSDESC_ADD_LO12,
                 Elf.R_AARCH64_TLSDESC_CALL, Elf.R_AARCH64_TLS_DTPMOD64, Elf.R_AARCH64_TLS_DTPREL64,
                 Elf.R_AARCH64_TLS_TPREL64, Elf.R_AARCH64_TLSDESC -> RelocationKind.TLS;
            default -> RelocationKind.OTHER;
        };
    }
}
