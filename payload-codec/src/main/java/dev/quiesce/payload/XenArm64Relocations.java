package dev.quiesce.payload;

import dev.quiesce.elf.Elf;

import java.util.List;
import java.util.OptionalInt;

/**
 * The relocation types Xen's Arm64 payload loader applies, the bytes it checks at each place and its overflow
 * rule per type (Xen: {@code arch_livepatch_perform_rela()}, {@code reloc_data()}, {@code reloc_insn_movw()} and
 * {@code reloc_insn_imm()} in xen/arch/arm/arm64/livepatch.c, read at commit {@code c447b7308b}):
 * <ul>
 *   <li>data: {@code ABS64}, {@code ABS32}, {@code ABS16}, {@code PREL64}, {@code PREL32}, {@code PREL16} — a
 *       16/32-bit value overflows outside [{@code INT_MIN}, {@code UINT_MAX}] of its width, 64-bit never;</li>
 *   <li>{@code MOVW_UABS_G0..G3}, {@code MOVW_SABS_G0..G2}, {@code MOVW_PREL_G0..G3} (and the {@code _NC}
 *       forms, never checked; nor is G3): the 16-bit chunk at bit 0/16/32/48, checked as unsigned for UABS and,
 *       for SABS/PREL, after inverting a negative value (MOVZ/MOVN);</li>
 *   <li>{@code ADR_PREL_LO21}, {@code ADR_PREL_PG_HI21} (4 KiB pages; the {@code _NC} form unchecked),
 *       {@code ADD_ABS_LO12_NC}, {@code LDST8/16/32/64/128_ABS_LO12_NC} (unchecked), {@code CONDBR19},
 *       {@code TSTBR14}, {@code JUMP26} and {@code CALL26}: the value shifted right by the scale must fit the field
 *       as a signed number.</li>
 * </ul>
 * Anything else — {@code R_AARCH64_NONE} included, and the GOT, PLT32, {@code LD_PREL_LO19} and TLS types — is
 * "Unhandled relocation", -EOPNOTSUPP. Xen checks {@code TSTBR14} against 19 bits although the {@code TBZ}
 * field holds 14 (Linux's module loader uses 14), so a {@code TBZ} up to ±1 MiB away passes and is written with
 * its offset truncated to 14 bits. The overflow of a place is -EOVERFLOW; a place whose 4 bytes (8 for
 * {@code ABS64}/{@code PREL64}) pass the end of its section is -EINVAL.
 */
public final class XenArm64Relocations {

    /** The applied types, in type-number order. */
    public static final List<Integer> APPLIED = List.of(Elf.R_AARCH64_ABS64, Elf.R_AARCH64_ABS32,
            Elf.R_AARCH64_ABS16, Elf.R_AARCH64_PREL64, Elf.R_AARCH64_PREL32, Elf.R_AARCH64_PREL16,
            Elf.R_AARCH64_MOVW_UABS_G0, Elf.R_AARCH64_MOVW_UABS_G0_NC, Elf.R_AARCH64_MOVW_UABS_G1,
            Elf.R_AARCH64_MOVW_UABS_G1_NC, Elf.R_AARCH64_MOVW_UABS_G2, Elf.R_AARCH64_MOVW_UABS_G2_NC,
            Elf.R_AARCH64_MOVW_UABS_G3, Elf.R_AARCH64_MOVW_SABS_G0, Elf.R_AARCH64_MOVW_SABS_G1,
            Elf.R_AARCH64_MOVW_SABS_G2, Elf.R_AARCH64_ADR_PREL_LO21, Elf.R_AARCH64_ADR_PREL_PG_HI21,
            Elf.R_AARCH64_ADR_PREL_PG_HI21_NC, Elf.R_AARCH64_ADD_ABS_LO12_NC, Elf.R_AARCH64_LDST8_ABS_LO12_NC,
            Elf.R_AARCH64_TSTBR14, Elf.R_AARCH64_CONDBR19, Elf.R_AARCH64_JUMP26, Elf.R_AARCH64_CALL26,
            Elf.R_AARCH64_LDST16_ABS_LO12_NC, Elf.R_AARCH64_LDST32_ABS_LO12_NC, Elf.R_AARCH64_LDST64_ABS_LO12_NC,
            Elf.R_AARCH64_MOVW_PREL_G0, Elf.R_AARCH64_MOVW_PREL_G0_NC, Elf.R_AARCH64_MOVW_PREL_G1,
            Elf.R_AARCH64_MOVW_PREL_G1_NC, Elf.R_AARCH64_MOVW_PREL_G2, Elf.R_AARCH64_MOVW_PREL_G2_NC,
            Elf.R_AARCH64_MOVW_PREL_G3, Elf.R_AARCH64_LDST128_ABS_LO12_NC);

    private XenArm64Relocations() {
    }

    /** Whether Xen's Arm64 loader applies relocations of {@code type}. */
    public static boolean isApplied(int type) {
        return APPLIED.contains(type);
    }

    /**
     * The bytes Xen requires inside the section at the place of {@code type}: 8 for {@code ABS64} and
     * {@code PREL64}, 4 for every other applied type ("ARM64 operations at minimum are always 32-bit", checked
     * before the type), empty when the type is refused.
     */
    public static OptionalInt width(int type) {
        if (!isApplied(type)) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(type == Elf.R_AARCH64_ABS64 || type == Elf.R_AARCH64_PREL64 ? 8 : 4);
    }

    /**
     * Whether Xen reports -EOVERFLOW for relocation {@code type} with {@code value} = S + A at {@code place} = P.
     *
     * @throws IllegalArgumentException for a type Xen does not apply
     */
    public static boolean overflows(int type, long value, long place) {
        long prel = value - place;
        long page = (value & ~0xfffL) - (place & ~0xfffL);
        return switch (type) {
            case Elf.R_AARCH64_ABS64, Elf.R_AARCH64_PREL64, Elf.R_AARCH64_MOVW_UABS_G0_NC,
                 Elf.R_AARCH64_MOVW_UABS_G1_NC, Elf.R_AARCH64_MOVW_UABS_G2_NC, Elf.R_AARCH64_MOVW_UABS_G3,
                 Elf.R_AARCH64_MOVW_PREL_G0_NC, Elf.R_AARCH64_MOVW_PREL_G1_NC, Elf.R_AARCH64_MOVW_PREL_G2_NC,
                 Elf.R_AARCH64_MOVW_PREL_G3, Elf.R_AARCH64_ADR_PREL_PG_HI21_NC, Elf.R_AARCH64_ADD_ABS_LO12_NC,
                 Elf.R_AARCH64_LDST8_ABS_LO12_NC, Elf.R_AARCH64_LDST16_ABS_LO12_NC,
                 Elf.R_AARCH64_LDST32_ABS_LO12_NC, Elf.R_AARCH64_LDST64_ABS_LO12_NC,
                 Elf.R_AARCH64_LDST128_ABS_LO12_NC -> false;
            case Elf.R_AARCH64_ABS32 -> data(value, 32);
            case Elf.R_AARCH64_ABS16 -> data(value, 16);
            case Elf.R_AARCH64_PREL32 -> data(prel, 32);
            case Elf.R_AARCH64_PREL16 -> data(prel, 16);
            case Elf.R_AARCH64_MOVW_UABS_G0 -> Long.compareUnsigned(value, 0xffff) > 0;
            case Elf.R_AARCH64_MOVW_UABS_G1 -> Long.compareUnsigned(value >> 16, 0xffff) > 0;
            case Elf.R_AARCH64_MOVW_UABS_G2 -> Long.compareUnsigned(value >> 32, 0xffff) > 0;
            case Elf.R_AARCH64_MOVW_SABS_G0 -> movnz(value, 0);
            case Elf.R_AARCH64_MOVW_SABS_G1 -> movnz(value, 16);
            case Elf.R_AARCH64_MOVW_SABS_G2 -> movnz(value, 32);
            case Elf.R_AARCH64_MOVW_PREL_G0 -> movnz(prel, 0);
            case Elf.R_AARCH64_MOVW_PREL_G1 -> movnz(prel, 16);
            case Elf.R_AARCH64_MOVW_PREL_G2 -> movnz(prel, 32);
            case Elf.R_AARCH64_ADR_PREL_LO21 -> field(prel, 0, 21);
            case Elf.R_AARCH64_ADR_PREL_PG_HI21 -> field(page, 12, 21);
            case Elf.R_AARCH64_TSTBR14, Elf.R_AARCH64_CONDBR19 -> field(prel, 2, 19);
            case Elf.R_AARCH64_JUMP26, Elf.R_AARCH64_CALL26 -> field(prel, 2, 26);
            default -> throw new IllegalArgumentException("Xen's Arm64 loader does not apply "
                    + Elf.relocationName(Elf.EM_AARCH64, type));
        };
    }

    /** "R_AARCH64_ABS64, …" for messages: the applied types' names. */
    public static String names() {
        List<String> n = APPLIED.stream().map(t -> Elf.relocationName(Elf.EM_AARCH64, t)).toList();
        return String.join(", ", n.subList(0, n.size() - 1)) + " and " + n.getLast();
    }

    /** {@code reloc_data()}: a 16- or 32-bit value outside [INT_MIN, UINT_MAX] of its width. */
    private static boolean data(long v, int bits) {
        return v < -(1L << (bits - 1)) || v > (1L << bits) - 1;
    }

    /** {@code reloc_insn_movw()} with MOVZ/MOVN: the chunk, inverted when negative, must be at most 0xffff. */
    private static boolean movnz(long v, int lsb) {
        long imm = v >> lsb;
        return Long.compareUnsigned(v >= 0 ? imm : ~imm, 0xffff) > 0;
    }

    /** {@code reloc_insn_imm()}: the value shifted right by {@code lsb} must fit {@code len} signed bits. */
    private static boolean field(long v, int lsb, int len) {
        long scaled = v >> lsb;
        return scaled < -(1L << (len - 1)) || scaled >= 1L << (len - 1);
    }
}
