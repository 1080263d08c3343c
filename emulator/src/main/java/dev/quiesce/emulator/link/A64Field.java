package dev.quiesce.emulator.link;

/**
 * Where an AArch64 relocation puts its value {@code X}: a little-endian data field, or the immediate field of an A64
 * instruction (Arm Architecture Reference Manual for A-profile, DDI 0487, C4 "A64 Instruction Set Encoding": the
 * {@code imm26} of {@code B}/{@code BL}, the {@code imm19} of {@code B.cond}/{@code CBZ}/{@code LDR (literal)}, the
 * {@code imm14} of {@code TBZ}, the {@code immhi:immlo} of {@code ADR}/{@code ADRP}, the {@code imm12} of
 * {@code ADD (immediate)} and of the unsigned-offset loads and stores, scaled by the access size, and the
 * {@code imm16} of {@code MOVZ}/{@code MOVK}). Only the field changes; every other bit of the instruction stays
 * as the assembler wrote it.
 */
enum A64Field {
    /** 16 bits of data: bits [15:0] of X. */
    DATA16(2, 0),
    /** 32 bits of data: bits [31:0] of X. */
    DATA32(4, 0),
    /** 64 bits of data: X. */
    DATA64(8, 0),
    /** {@code B}/{@code BL}: bits [27:2] of X into bits [25:0]. */
    BRANCH26(4, 0),
    /** {@code B.cond}, {@code CBZ}/{@code CBNZ}, {@code LDR (literal)}: bits [20:2] of X into bits [23:5]. */
    IMM19(4, 0),
    /** {@code TBZ}/{@code TBNZ}: bits [15:2] of X into bits [18:5]. */
    IMM14(4, 0),
    /** {@code ADR}: bits [1:0] of X into immlo (bits [30:29]), bits [20:2] into immhi (bits [23:5]). */
    ADR(4, 0),
    /** {@code ADRP}: bits [32:12] of X, as {@code ADR} places bits [20:0]. */
    ADRP(4, 12),
    /** {@code ADD (immediate)} and byte loads/stores: bits [11:0] of X into bits [21:10]. */
    LO12(4, 0),
    /** Halfword loads/stores: bits [11:1] of X into bits [21:10]. */
    LO12_SCALE2(4, 1),
    /** Word loads/stores: bits [11:2] of X into bits [21:10]. */
    LO12_SCALE4(4, 2),
    /** Doubleword loads/stores: bits [11:3] of X into bits [21:10]. */
    LO12_SCALE8(4, 3),
    /** Quadword loads/stores: bits [11:4] of X into bits [21:10]. */
    LO12_SCALE16(4, 4),
    /** {@code MOVZ}/{@code MOVK}: bits [15:0] of X into bits [20:5]. */
    MOVW_G0(4, 0),
    /** {@code MOVZ}/{@code MOVK}: bits [31:16] of X into bits [20:5]. */
    MOVW_G1(4, 16),
    /** {@code MOVZ}/{@code MOVK}: bits [47:32] of X into bits [20:5]. */
    MOVW_G2(4, 32),
    /** {@code MOVZ}/{@code MOVK}: bits [63:48] of X into bits [20:5]. */
    MOVW_G3(4, 48);

    private final int width;
    private final int shift;

    A64Field(int width, int shift) {
        this.width = width;
        this.shift = shift;
    }

    /** The number of bytes at the place. */
    int width() {
        return width;
    }

    /** Whether the place holds data rather than an instruction. */
    boolean isData() {
        return this == DATA16 || this == DATA32 || this == DATA64;
    }

    /** The instruction {@code insn} with this field set from {@code x}. */
    int encode(int insn, long x) {
        long v = x >> shift;
        return switch (this) {
            case BRANCH26 -> insn & ~0x03ff_ffff | (int) (x >> 2) & 0x03ff_ffff;
            case IMM19 -> insn & ~(0x7ffff << 5) | ((int) (x >> 2) & 0x7ffff) << 5;
            case IMM14 -> insn & ~(0x3fff << 5) | ((int) (x >> 2) & 0x3fff) << 5;
            case ADR, ADRP -> insn & ~(3 << 29 | 0x7ffff << 5) | ((int) v & 3) << 29 | ((int) (v >> 2) & 0x7ffff) << 5;
            case LO12, LO12_SCALE2, LO12_SCALE4, LO12_SCALE8, LO12_SCALE16 ->
                    insn & ~(0xfff << 10) | ((int) (x & 0xfff) >> shift) << 10;
            case MOVW_G0, MOVW_G1, MOVW_G2, MOVW_G3 -> insn & ~(0xffff << 5) | ((int) v & 0xffff) << 5;
            case DATA16, DATA32, DATA64 -> throw new IllegalStateException(this + " is data, not an instruction field");
        };
    }
}
