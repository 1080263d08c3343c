package dev.quiesce.payload.build.diff;

import dev.quiesce.elf.Elf;

/**
 * The AArch64 relocation types a compiled function can carry, as the bits they patch: a data relocation writes
 * whole bytes, an instruction relocation only the immediate field of one 4-byte A64 instruction word, so the
 * opcode and the registers around the field stay comparable (AAELF64, "ELF for the Arm 64-bit Architecture", §5.7
 * "Relocation": "Static Data relocations", "Static AArch64 relocations" and its tables of group, PC-relative,
 * control-flow, GOT and TLS relocations; the field layouts are the Arm ARM's encodings of B/BL, B.cond/CBZ/LDR
 * literal, TBZ, ADR/ADRP, ADD/LDST (immediate) and MOVZ/MOVN/MOVK).
 *
 * <p>AArch64 objects use RELA and every PC-relative type computes {@code S + A - P} with P the address of the
 * instruction (or datum) itself, so the addend designates the target directly: there is no x86-style {@code -4}.
 */
public final class A64RelocationFields {

    /** B/BL {@code imm26}, bits [25:0]. */
    static final long IMM26 = 0x03ff_ffffL;
    /** B.cond/CBZ/CBNZ/LDR (literal) {@code imm19}, bits [23:5]. */
    static final long IMM19 = 0x00ff_ffe0L;
    /** TBZ/TBNZ {@code imm14}, bits [18:5]. */
    static final long IMM14 = 0x0007_ffe0L;
    /** ADR/ADRP {@code immlo} bits [30:29] and {@code immhi} bits [23:5]. */
    static final long IMM21 = 0x60ff_ffe0L;
    /** ADD (immediate) and LDR/STR (unsigned offset, scaled) {@code imm12}, bits [21:10]. */
    static final long IMM12 = 0x003f_fc00L;
    /** MOVZ/MOVK {@code imm16}, bits [20:5]. */
    static final long IMM16 = 0x001f_ffe0L;
    /**
     * MOVZ/MOVN {@code imm16} and the {@code opc} bits [30:29]: the signed group relocations turn a MOVZ into a MOVN
     * for a negative value (AAELF64 "Group relocations to create a 16-, 32-, 48-, or 64-bit signed data or offset
     * value inline"; Xen's {@code reloc_insn_movw()} with {@code INSN_IMM_MOVNZ}).
     */
    static final long IMM16_MOVNZ = 0x601f_ffe0L;

    private A64RelocationFields() {
    }

    /**
     * The number of bytes at the place the relocation may change: 8, 4 or 2 for a data relocation, 4 (one
     * instruction word) for an instruction relocation, 0 for {@code NONE} and {@code TLSDESC_CALL} (a marker).
     *
     * @throws IllegalArgumentException for a type AAELF64 does not define for relocatable objects
     */
    public static int width(int type) {
        return switch (type) {
            case Elf.R_AARCH64_NONE, Elf.R_AARCH64_TLSDESC_CALL -> 0;
            case Elf.R_AARCH64_ABS64, Elf.R_AARCH64_PREL64 -> 8;
            case Elf.R_AARCH64_ABS16, Elf.R_AARCH64_PREL16 -> 2;
            default -> {
                mask(type); // throws for a type it does not know
                yield 4;
            }
        };
    }

    /**
     * The bits of the {@link #width} bytes (little-endian) the relocation writes: all of them for data, the
     * immediate field for an instruction.
     *
     * @throws IllegalArgumentException for a type AAELF64 does not define for relocatable objects
     */
    public static long mask(int type) {
        return switch (type) {
            case Elf.R_AARCH64_NONE, Elf.R_AARCH64_TLSDESC_CALL -> 0;
            case Elf.R_AARCH64_ABS64, Elf.R_AARCH64_PREL64 -> -1L;
            case Elf.R_AARCH64_ABS32, Elf.R_AARCH64_PREL32, Elf.R_AARCH64_PLT32 -> 0xffff_ffffL;
            case Elf.R_AARCH64_ABS16, Elf.R_AARCH64_PREL16 -> 0xffffL;
            case Elf.R_AARCH64_JUMP26, Elf.R_AARCH64_CALL26 -> IMM26;
            case Elf.R_AARCH64_CONDBR19, Elf.R_AARCH64_LD_PREL_LO19, Elf.R_AARCH64_GOT_LD_PREL19 -> IMM19;
            case Elf.R_AARCH64_TSTBR14 -> IMM14;
            case Elf.R_AARCH64_ADR_PREL_LO21, Elf.R_AARCH64_ADR_PREL_PG_HI21, Elf.R_AARCH64_ADR_PREL_PG_HI21_NC,
                 Elf.R_AARCH64_ADR_GOT_PAGE, Elf.R_AARCH64_TLSGD_ADR_PREL21, Elf.R_AARCH64_TLSGD_ADR_PAGE21,
                 Elf.R_AARCH64_TLSIE_ADR_GOTTPREL_PAGE21, Elf.R_AARCH64_TLSDESC_ADR_PAGE21 -> IMM21;
            case Elf.R_AARCH64_ADD_ABS_LO12_NC, Elf.R_AARCH64_LDST8_ABS_LO12_NC, Elf.R_AARCH64_LDST16_ABS_LO12_NC,
                 Elf.R_AARCH64_LDST32_ABS_LO12_NC, Elf.R_AARCH64_LDST64_ABS_LO12_NC, Elf.R_AARCH64_LDST128_ABS_LO12_NC,
                 Elf.R_AARCH64_LD64_GOT_LO12_NC, Elf.R_AARCH64_LD64_GOTPAGE_LO15,
                 Elf.R_AARCH64_TLSIE_LD64_GOTTPREL_LO12_NC, Elf.R_AARCH64_TLSLE_ADD_TPREL_HI12,
                 Elf.R_AARCH64_TLSLE_ADD_TPREL_LO12_NC, Elf.R_AARCH64_TLSDESC_LD64_LO12,
                 Elf.R_AARCH64_TLSDESC_ADD_LO12 -> IMM12;
            case Elf.R_AARCH64_MOVW_UABS_G0, Elf.R_AARCH64_MOVW_UABS_G0_NC, Elf.R_AARCH64_MOVW_UABS_G1,
                 Elf.R_AARCH64_MOVW_UABS_G1_NC, Elf.R_AARCH64_MOVW_UABS_G2, Elf.R_AARCH64_MOVW_UABS_G2_NC,
                 Elf.R_AARCH64_MOVW_UABS_G3, Elf.R_AARCH64_MOVW_PREL_G0_NC, Elf.R_AARCH64_MOVW_PREL_G1_NC,
                 Elf.R_AARCH64_MOVW_PREL_G2_NC -> IMM16;
            case Elf.R_AARCH64_MOVW_SABS_G0, Elf.R_AARCH64_MOVW_SABS_G1, Elf.R_AARCH64_MOVW_SABS_G2,
                 Elf.R_AARCH64_MOVW_PREL_G0, Elf.R_AARCH64_MOVW_PREL_G1, Elf.R_AARCH64_MOVW_PREL_G2,
                 Elf.R_AARCH64_MOVW_PREL_G3 -> IMM16_MOVNZ;
            default -> throw new IllegalArgumentException("relocation type " + Elf.relocationName(Elf.EM_AARCH64, type)
                    + " is not one a compiler emits into an AArch64 object file; check that the inputs are gcc's .o files");
        };
    }
}
