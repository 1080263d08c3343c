package dev.quiesce.isa;

/**
 * The AArch64 (A64) instruction encodings the project writes and recognises: {@code B} and {@code BL} with their
 * 26-bit word offset, {@code NOP}, {@code BRK #imm16}, {@code ISB}, {@code DSB ISH} and {@code YIELD}, and the Arm
 * ARM's set of instructions that may be modified while another PE executes them
 * ({@link #concurrentModificationAllowed}). Every A64 instruction is one little-endian 32-bit word at a 4-byte
 * aligned address (Arm ARM DDI 0487, C4.1 "A64 instruction set encoding"; Xen: {@code aarch64_insn_gen_branch_imm()}
 * and {@code aarch64_insn_gen_nop()} in xen/arch/arm/arm64/insn.c, {@code AARCH64_BREAK_MON} in
 * xen/arch/arm/include/asm/arm64/brk.h).
 */
public final class A64 {

    /** The size of every A64 instruction ({@code ARCH_PATCH_INSN_SIZE} in xen/arch/arm/include/asm/insn.h). */
    public static final int INSN_SIZE = 4;
    /** {@code NOP} (the {@code HINT #0} encoding). */
    public static final int NOP = 0xd503201f;
    /** {@code ISB} (SY). */
    public static final int ISB = 0xd5033fdf;
    /** {@code DSB ISH}. */
    public static final int DSB_ISH = 0xd5033b9f;
    /** {@code YIELD} ({@code HINT #1}). */
    public static final int YIELD = 0xd503203f;
    /** {@code BRK #0}: {@code BRK}'s opcode, its 16-bit immediate in bits [20:5] ({@code AARCH64_BREAK_MON}). */
    public static final int BRK = 0xd4200000;
    /** {@code B imm26}'s opcode (bits [31:26] = 000101). */
    public static final int B = 0x14000000;
    /** {@code BL imm26}'s opcode (bits [31:26] = 100101). */
    public static final int BL = 0x94000000;
    /** What {@code B}/{@code BL} reach either way: ±128 MiB ({@code ARCH_LIVEPATCH_RANGE} = {@code SZ_128M}). */
    public static final long RANGE = 128L << 20;

    private static final int OPCODE_MASK = 0xfc000000;
    private static final int IMM26_MASK = 0x03ffffff;

    private A64() {
    }

    /**
     * Whether a {@code B} or {@code BL} at {@code at} reaches {@code target}: both 4-byte aligned and
     * {@code target - at} in [-128 MiB, 128 MiB) (the signed {@code imm26} counts words from the branch itself).
     */
    public static boolean reaches(long at, long target) {
        long offset = target - at;
        return ((at | target) & 3) == 0 && offset >= -RANGE && offset < RANGE;
    }

    /**
     * {@code B target} placed at {@code at}.
     *
     * @throws IllegalArgumentException when it does not {@link #reaches reach}, naming the distance
     */
    public static int b(long at, long target) {
        return branch(B, at, target);
    }

    /**
     * {@code BL target} placed at {@code at}.
     *
     * @throws IllegalArgumentException when it does not {@link #reaches reach}, naming the distance
     */
    public static int bl(long at, long target) {
        return branch(BL, at, target);
    }

    private static int branch(int opcode, long at, long target) {
        if (!reaches(at, target)) {
            throw new IllegalArgumentException(describeUnreachable(at, target));
        }
        return opcode | (int) ((target - at) >> 2) & IMM26_MASK;
    }

    /** Why a branch at {@code at} cannot reach {@code target}: misalignment, or the distance beyond ±128 MiB. */
    public static String describeUnreachable(long at, long target) {
        long offset = target - at;
        if (((at | target) & 3) != 0) {
            return "a B at 0x%x cannot reach 0x%x: A64 branches and their targets must be 4-byte aligned"
                    .formatted(at, target);
        }
        return "0x%x is %s bytes from a B at 0x%x, beyond the [-128 MiB, +128 MiB) of its imm26"
                .formatted(target, signedHex(offset), at);
    }

    /** Whether {@code insn} is a {@code B imm26}. */
    public static boolean isB(int insn) {
        return (insn & OPCODE_MASK) == B;
    }

    /** Whether {@code insn} is a {@code BL imm26}. */
    public static boolean isBl(int insn) {
        return (insn & OPCODE_MASK) == BL;
    }

    /**
     * Where the {@code B} or {@code BL} {@code insn} at {@code at} branches.
     *
     * @throws IllegalArgumentException when {@code insn} is neither
     */
    public static long branchTarget(long at, int insn) {
        if (!isB(insn) && !isBl(insn)) {
            throw new IllegalArgumentException("0x%08x is not a B or BL".formatted(insn));
        }
        long words = (long) (insn << 6) >> 6; // sign-extend imm26
        return at + words * INSN_SIZE;
    }

    /** The condition code {@code NE} of {@code B.cond} (Arm ARM C1.2.4, "Condition code"). */
    public static final int COND_NE = 1;

    /** {@code MRS Xt, TPIDR_EL1} (op0 3, op1 0, CRn 13, CRm 0, op2 4; Arm ARM C5.2, TPIDR_EL1). */
    public static int mrsTpidrEl1(int rt) {
        return 0xd538d080 | register(rt);
    }

    /** {@code LDRB Wt, [Xn, #offset]}, the unsigned-offset form (offset 0..4095). */
    public static int ldrb(int rt, int rn, int offset) {
        if (offset < 0 || offset > 0xfff) {
            throw new IllegalArgumentException("LDRB offset " + offset + " is not 0..4095");
        }
        return 0x39400000 | offset << 10 | register(rn) << 5 | register(rt);
    }

    /** {@code CMP Wn, #imm} ({@code SUBS WZR, Wn, #imm}, imm 0..4095). */
    public static int cmpW(int rn, int imm) {
        if (imm < 0 || imm > 0xfff) {
            throw new IllegalArgumentException("CMP immediate " + imm + " is not 0..4095");
        }
        return 0x7100001f | imm << 10 | register(rn) << 5;
    }

    /** {@code B.cond} at {@code at} to {@code target} (±1 MiB, 4-byte aligned). */
    public static int bCond(int cond, long at, long target) {
        long d = target - at;
        if ((d & 3) != 0 || d < -(1L << 20) || d >= 1L << 20) {
            throw new IllegalArgumentException("B.cond at 0x%x cannot reach 0x%x (±1 MiB, 4-byte aligned)"
                    .formatted(at, target));
        }
        return 0x54000000 | (int) ((d >> 2) & 0x7ffff) << 5 | (cond & 0xf);
    }

    private static int register(int r) {
        if (r < 0 || r > 30) {
            throw new IllegalArgumentException("X" + r + " is not one of X0-X30");
        }
        return r;
    }

    /** {@code BRK #imm16}, the breakpoint instruction. */
    public static int brk(int imm16) {
        if (imm16 < 0 || imm16 > 0xffff) {
            throw new IllegalArgumentException("BRK takes a 16-bit immediate, not " + imm16);
        }
        return BRK | imm16 << 5;
    }

    /** Whether {@code insn} is a {@code BRK} of any immediate. */
    public static boolean isBrk(int insn) {
        return (insn & 0xffe0001f) == BRK;
    }

    /** {@code count} {@code NOP}s as little-endian bytes. */
    public static byte[] nops(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("a negative NOP count: " + count);
        }
        byte[] out = new byte[count * INSN_SIZE];
        for (int i = 0; i < count; i++) {
            put(out, i * INSN_SIZE, NOP);
        }
        return out;
    }

    /** The little-endian bytes of one instruction. */
    public static byte[] bytes(int insn) {
        byte[] out = new byte[INSN_SIZE];
        put(out, 0, insn);
        return out;
    }

    /** The instruction in the 4 little-endian bytes of {@code b} at {@code offset}. */
    public static int word(byte[] b, int offset) {
        return (b[offset] & 0xff) | (b[offset + 1] & 0xff) << 8 | (b[offset + 2] & 0xff) << 16 | b[offset + 3] << 24;
    }

    /**
     * The Arm ARM's rule for concurrent modification and execution of instructions (DDI 0487, B2.2.5, and its
     * AArch32 twin E2.2.5): another PE may execute an instruction while it is being replaced, with a result
     * consistent with either the old or the new instruction, only when <em>both</em> the instruction before and
     * the one after the modification are among {@code B}, {@code BL}, {@code BRK}, {@code HVC}, {@code ISB},
     * {@code NOP}, {@code SMC} and {@code SVC}. Anything else may behave as any sequence of instructions of that
     * exception level until the change is synchronised (cache maintenance and an {@code ISB} on the executing PE).
     * The A64 {@code B}/{@code BL} is one 32-bit word fetched single-copy atomically, so its whole {@code imm26}
     * may change; the split-halfword rules for T32 {@code BL} and the "old condition with new target" hazard of a
     * conditional branch are AArch32's, and {@code B.cond} is not in the A64 set at all.
     */
    public static boolean concurrentModificationAllowed(int before, int after) {
        return kind(before) != Kind.OTHER && kind(after) != Kind.OTHER;
    }

    /** What {@code insn} is, as far as the concurrent-modification rule cares. */
    public static Kind kind(int insn) {
        if (isB(insn)) {
            return Kind.B;
        }
        if (isBl(insn)) {
            return Kind.BL;
        }
        if (isBrk(insn)) {
            return Kind.BRK;
        }
        if (insn == NOP) {
            return Kind.NOP;
        }
        if (insn == ISB) {
            return Kind.ISB;
        }
        return switch (insn & 0xffe0001f) { // exception generation, imm16 in [20:5]
            case 0xd4000001 -> Kind.SVC;
            case 0xd4000002 -> Kind.HVC;
            case 0xd4000003 -> Kind.SMC;
            default -> Kind.OTHER;
        };
    }

    /** The instructions of the concurrent-modification set, and everything else. */
    public enum Kind {
        /** {@code B imm26}. */
        B,
        /** {@code BL imm26}. */
        BL,
        /** {@code BRK #imm16}. */
        BRK,
        /** {@code HVC #imm16}. */
        HVC,
        /** {@code ISB} (SY; other option values are not the {@code ISB} the rule names). */
        ISB,
        /** {@code NOP}. */
        NOP,
        /** {@code SMC #imm16}. */
        SMC,
        /** {@code SVC #imm16}. */
        SVC,
        /** Any other instruction: not safe to modify while another PE may execute it. */
        OTHER
    }

    private static void put(byte[] out, int at, int insn) {
        out[at] = (byte) insn;
        out[at + 1] = (byte) (insn >>> 8);
        out[at + 2] = (byte) (insn >>> 16);
        out[at + 3] = (byte) (insn >>> 24);
    }

    private static String signedHex(long v) {
        return (v < 0 ? "-0x" : "0x") + Long.toHexString(Math.abs(v));
    }
}
