package dev.quiesce.emulator.unicorn;

/**
 * Unicorn 2 AArch64 register ids ({@code uc_arm64_reg} in {@code unicorn/arm64.h}; the enum is the same in 2.0.1 and
 * 2.1.4, {@code Arm64HazardsTest} pins the ids against each library) and the system registers the enum lacks, reached
 * through {@link #CP_REG} ({@link SysReg}).
 *
 * <p>X0–X28 are consecutive ({@link #x(int)}); X29 and X30 sit at the start of the enum. {@link #NZCV} and
 * {@link #PSTATE} are read and written as 32 bits. {@code DAIF}, {@code SPSR_EL1}, {@code SCR_EL3}, {@code HCR_EL2},
 * {@code MDSCR_EL1} and {@code TPIDR_EL2} have no id of their own in either version: {@link SysReg} names them by their
 * {@code MRS}/{@code MSR} encoding.
 */
public final class Arm64Reg {
    public static final int X29 = 1;
    public static final int X30 = 2;
    /** The condition flags N, Z, C, V (bits 31..28), 32 bits. */
    public static final int NZCV = 3;
    /** The current stack pointer (SP_EL1 at EL1h). */
    public static final int SP = 4;
    /** {@code UC_ARM64_REG_Q0}; Q{@code i} is {@code Q0 + i} (through Q31), 128 bits. */
    public static final int Q0 = 104;
    public static final int X0 = 199;
    public static final int PC = 260;
    public static final int CPACR_EL1 = 261;
    public static final int TPIDR_EL0 = 262;
    public static final int TPIDRRO_EL0 = 263;
    public static final int TPIDR_EL1 = 264;
    /** PSTATE as {@code pstate_read} packs it: NZCV, DAIF (bits 9..6), SS (21), IL (20), EL and SP (bits 3..0). */
    public static final int PSTATE = 265;
    public static final int ELR_EL1 = 267;
    public static final int SP_EL0 = 270;
    public static final int SP_EL1 = 271;
    public static final int ESR_EL1 = 277;
    public static final int FAR_EL1 = 281;
    public static final int VBAR_EL1 = 287;
    /** The id through which any system register is read or written ({@link SysReg}). */
    public static final int CP_REG = 290;
    public static final int FPCR = 291;
    public static final int FPSR = 292;

    /** PSTATE.I: IRQs masked. */
    public static final long PSTATE_I = 1L << 7;
    /** PSTATE.D, A, I, F: every maskable exception masked. */
    public static final long PSTATE_DAIF = 0xfL << 6;

    /**
     * The registers of an interrupted context: X0–X30, SP, PC and PSTATE, saved and restored by
     * {@link RegisterState#saveRegisters}/{@link RegisterState#restoreRegisters}.
     */
    static final int[] GENERAL_CONTEXT = generalContext();

    private Arm64Reg() {
    }

    /** The id of X{@code n}, 0..30. */
    public static int x(int n) {
        if (n < 0 || n > 30) {
            throw new IllegalArgumentException("X" + n + " is not one of X0-X30");
        }
        return n == 29 ? X29 : n == 30 ? X30 : X0 + n;
    }

    /** The slot of {@code reg} in a register file of {@link RegisterState#newRegisterFile()} of an aarch64 engine. */
    public static int contextSlot(int reg) {
        for (int i = 0; i < GENERAL_CONTEXT.length; i++) {
            if (GENERAL_CONTEXT[i] == reg) {
                return i;
            }
        }
        throw new IllegalArgumentException("register " + reg + " is not in the aarch64 general context");
    }

    private static int[] generalContext() {
        int[] ids = new int[34];
        for (int i = 0; i <= 30; i++) {
            ids[i] = x(i);
        }
        ids[31] = SP;
        ids[32] = PC;
        ids[33] = PSTATE;
        return ids;
    }

    /**
     * A system register by its {@code MRS}/{@code MSR} encoding (Arm ARM, "A64 system register encodings"), read and
     * written through {@code UC_ARM64_REG_CP_REG} with a {@code uc_arm64_cp_reg} {@code {u32 crn, crm, op0, op1, op2;
     * u64 val}}.
     *
     * @param name its architectural name
     */
    public record SysReg(String name, int op0, int op1, int crn, int crm, int op2) {
        /** The interrupt mask bits D, A, I, F (bits 9..6). */
        public static final SysReg DAIF = new SysReg("DAIF", 3, 3, 4, 2, 1);
        public static final SysReg SPSR_EL1 = new SysReg("SPSR_EL1", 3, 0, 4, 0, 0);
        /** Secure configuration; bit 10 (RW): EL2 and below run AArch64. */
        public static final SysReg SCR_EL3 = new SysReg("SCR_EL3", 3, 6, 1, 1, 0);
        public static final SysReg HCR_EL2 = new SysReg("HCR_EL2", 3, 4, 1, 1, 0);
        /** Monitor debug system control; bit 0 (SS): software step, bit 13 (KDE): debug exceptions at the same EL. */
        public static final SysReg MDSCR_EL1 = new SysReg("MDSCR_EL1", 2, 0, 0, 2, 2);
        public static final SysReg TPIDR_EL2 = new SysReg("TPIDR_EL2", 3, 4, 13, 0, 2);

        @Override
        public String toString() {
            return name;
        }
    }
}
