package dev.quiesce.emulator.link;

import dev.quiesce.elf.Elf;
import java.util.List;

/**
 * Test support: one AArch64 relocation type as the tests make the assembler emit it, with the range of {@code X}
 * that AAELF64 §5.7 and GNU ld accept, written independently of {@link A64Relocations}.
 *
 * @param type     the relocation type
 * @param asm      the instruction or directive, {@code %s} standing for {@code symbol+addend}
 * @param width    the bytes at the place (0 for {@code NONE})
 * @param op       how X is computed
 * @param min      the least X that fits (when {@code min < max})
 * @param max      one past the greatest X that fits; {@code min == max}: no range check
 * @param multiple X must be a multiple of it
 */
record A64Case(int type, String asm, int width, Op op, long min, long max, int multiple) {

    /** How X is computed: {@code S + A}, {@code S + A - P}, {@code Page(S + A) - Page(P)}. */
    enum Op { ABS, PREL, PAGE }

    static final List<A64Case> ALL = List.of(
            pc(Elf.R_AARCH64_CALL26, "bl %s", 27, 4),
            pc(Elf.R_AARCH64_JUMP26, "b %s", 27, 4),
            pc(Elf.R_AARCH64_CONDBR19, "b.ne %s", 20, 4),
            pc(Elf.R_AARCH64_CONDBR19, "cbnz w1, %s", 20, 4),
            pc(Elf.R_AARCH64_TSTBR14, "tbz x1, #37, %s", 15, 4),
            pc(Elf.R_AARCH64_LD_PREL_LO19, "ldr x2, %s", 20, 4),
            pc(Elf.R_AARCH64_ADR_PREL_LO21, "adr x3, %s", 20, 1),
            new A64Case(Elf.R_AARCH64_ADR_PREL_PG_HI21, "adrp x4, %s", 4, Op.PAGE, -(1L << 32), 1L << 32, 1),
            new A64Case(Elf.R_AARCH64_ADR_PREL_PG_HI21_NC, "adrp x4, :pg_hi21_nc:%s", 4, Op.PAGE, 0, 0, 1),
            abs(Elf.R_AARCH64_ADD_ABS_LO12_NC, "add x4, x4, :lo12:%s", 4, 0, 1),
            abs(Elf.R_AARCH64_LDST8_ABS_LO12_NC, "ldrb w5, [x4, :lo12:%s]", 4, 0, 1),
            abs(Elf.R_AARCH64_LDST16_ABS_LO12_NC, "strh w5, [x4, :lo12:%s]", 4, 0, 2),
            abs(Elf.R_AARCH64_LDST32_ABS_LO12_NC, "ldr w5, [x4, :lo12:%s]", 4, 0, 4),
            abs(Elf.R_AARCH64_LDST64_ABS_LO12_NC, "ldr x5, [x4, :lo12:%s]", 4, 0, 8),
            abs(Elf.R_AARCH64_LDST128_ABS_LO12_NC, "ldr q0, [x4, :lo12:%s]", 4, 0, 16),
            abs(Elf.R_AARCH64_MOVW_UABS_G0, "movz x6, #:abs_g0:%s", 4, 16, 1),
            abs(Elf.R_AARCH64_MOVW_UABS_G0_NC, "movk x6, #:abs_g0_nc:%s", 4, 0, 1),
            abs(Elf.R_AARCH64_MOVW_UABS_G1, "movz x6, #:abs_g1:%s", 4, 32, 1),
            abs(Elf.R_AARCH64_MOVW_UABS_G1_NC, "movk x6, #:abs_g1_nc:%s", 4, 0, 1),
            abs(Elf.R_AARCH64_MOVW_UABS_G2, "movz x6, #:abs_g2:%s", 4, 48, 1),
            abs(Elf.R_AARCH64_MOVW_UABS_G2_NC, "movk x6, #:abs_g2_nc:%s", 4, 0, 1),
            abs(Elf.R_AARCH64_MOVW_UABS_G3, "movk x6, #:abs_g3:%s", 4, 0, 1),
            new A64Case(Elf.R_AARCH64_NONE, ".reloc ., R_AARCH64_NONE, %s", 0, Op.ABS, 0, 0, 1),
            abs(Elf.R_AARCH64_ABS64, ".xword %s", 8, 0, 1),
            abs(Elf.R_AARCH64_ABS32, ".word %s", 4, 32, 1),
            abs(Elf.R_AARCH64_ABS16, ".hword %s", 2, 16, 1),
            new A64Case(Elf.R_AARCH64_PREL64, ".xword %s - .", 8, Op.PREL, 0, 0, 1),
            pcData(Elf.R_AARCH64_PREL32, ".word %s - .", 4, 31),
            pcData(Elf.R_AARCH64_PREL16, ".hword %s - .", 2, 15));

    private static A64Case pc(int type, String asm, int bits, int multiple) {
        return new A64Case(type, asm, 4, Op.PREL, -(1L << bits), 1L << bits, multiple);
    }

    private static A64Case pcData(int type, String asm, int width, int bits) {
        return new A64Case(type, asm, width, Op.PREL, -(1L << bits), 1L << bits, 1);
    }

    /** An {@code S + A} type: unsigned {@code bits} wide (0: unchecked). */
    private static A64Case abs(int type, String asm, int width, int bits, int multiple) {
        return new A64Case(type, asm, width, Op.ABS, 0, bits == 0 ? 0 : 1L << bits, multiple);
    }

    /** The ABI name, e.g. {@code R_AARCH64_CALL26}. */
    String name() {
        return Elf.relocationName(Elf.EM_AARCH64, type);
    }

    boolean checked() {
        return min < max;
    }

    /** Whether the place is data rather than an instruction. */
    boolean data() {
        return asm.startsWith(".");
    }

    /** The step between two X values that both satisfy the multiple (4096 for a page difference). */
    long step() {
        return op == Op.PAGE ? 4096 : multiple;
    }

    /** The symbol value that gives X == {@code x} at place {@code p} with addend {@code a} (for a page, the page's start). */
    long symbolFor(long x, long p, long a) {
        return switch (op) {
            case ABS -> x - a;
            case PREL -> x + p - a;
            case PAGE -> (p & ~0xfffL) + x - a;
        };
    }

    @Override
    public String toString() {
        return name() + " (" + asm.formatted("sym") + ")";
    }
}
