package dev.quiesce.emulator.unicorn;

/**
 * Unicorn 2 x86 register ids ({@code uc_x86_reg} in {@code unicorn/x86.h}, same in 2.0 and 2.1).
 */
public final class X86Reg {
    public static final int EFLAGS = 25;
    public static final int RAX = 35;
    public static final int RBP = 36;
    public static final int RBX = 37;
    public static final int RCX = 38;
    public static final int RDI = 39;
    public static final int RDX = 40;
    public static final int RIP = 41;
    public static final int RSI = 43;
    public static final int RSP = 44;
    public static final int CR0 = 50;
    public static final int CR4 = 54;
    public static final int R8 = 106;
    public static final int R9 = 107;
    public static final int R10 = 108;
    public static final int R11 = 109;
    public static final int R12 = 110;
    public static final int R13 = 111;
    public static final int R14 = 112;
    public static final int R15 = 113;
    /** {@code UC_X86_REG_XMM0}; XMM{@code i} is {@code XMM0 + i} (through XMM31). Read and written as 128 bits. */
    public static final int XMM0 = 122;
    /** {@code UC_X86_REG_MXCSR}: the SSE control and status register (32 bits). */
    public static final int MXCSR = 249;
    public static final int FS_BASE = 250;
    public static final int GS_BASE = 251;
    public static final int RFLAGS = 253;

    /**
     * The registers guest code can change when built with {@code -mgeneral-regs-only}: the 16
     * general-purpose registers, RIP and RFLAGS — an interrupted context, saved and restored by
     * {@link RegisterState#saveRegisters}/{@link RegisterState#restoreRegisters}.
     */
    static final int[] GENERAL_CONTEXT = {RAX, RBX, RCX, RDX, RSI, RDI, RBP, RSP, R8, R9, R10, R11, R12, R13,
        R14, R15, RIP, RFLAGS};

    /** The SSE registers a 64-bit guest's code uses: XMM0–15. */
    public static final int SSE_XMM_COUNT = 16;

    /**
     * The SSE state an interrupt saves with the context when the program asks for it: XMM0–15 and MXCSR
     * ({@link RegisterState#saveSse}/{@link RegisterState#restoreSse}).
     */
    static final int[] SSE_CONTEXT = sseContext();

    private static int[] sseContext() {
        int[] ids = new int[SSE_XMM_COUNT + 1];
        for (int i = 0; i < SSE_XMM_COUNT; i++) {
            ids[i] = XMM0 + i;
        }
        ids[SSE_XMM_COUNT] = MXCSR;
        return ids;
    }

    /** The slot of {@code reg} in a register file of {@link RegisterState#newRegisterFile()}. */
    public static int contextSlot(int reg) {
        for (int i = 0; i < GENERAL_CONTEXT.length; i++) {
            if (GENERAL_CONTEXT[i] == reg) {
                return i;
            }
        }
        throw new IllegalArgumentException("register " + reg + " is not in the general context");
    }

    /** The interrupt-enable flag (IF) in RFLAGS. */
    public static final long RFLAGS_IF = 1L << 9;

    private X86Reg() {
    }
}
