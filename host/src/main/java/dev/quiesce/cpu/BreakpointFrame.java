package dev.quiesce.cpu;

import dev.quiesce.emulator.memory.GuestMemory;

/**
 * The exception frame a CPU pushes when it delivers a #BP into the guest's {@code poke_int3_handler}
 * (guest/src/main/c/x86_poke.c, {@code struct bp_frame}): RIP (the address after the int3: #BP is a trap), CS,
 * RFLAGS, RSP, SS, lowest address first, as the hardware lays them out (Intel SDM vol. 3A, "Exception and Interrupt
 * Handling in 64-bit Mode"), with the magic return address just below it. The handler may rewrite RIP and RSP; the
 * CPU reads them back when the handler returns.
 */
final class BreakpointFrame {

    private static final int WORDS = 5;
    private static final int IP = 0;
    private static final int FLAGS = 16;
    private static final int SP = 24;

    private BreakpointFrame() {
    }

    /**
     * Writes the frame below {@code below} (16-byte aligned) and the return address under it; returns the frame's
     * address. The handler's RSP is {@code frame - 8}, so its stack is aligned as the ABI wants at a call.
     */
    static long push(GuestMemory memory, long below, long ip, long flags, long sp, long returnAddress) {
        long frame = (below - WORDS * 8L) & -16L;
        for (int i = 0; i < WORDS; i++) {
            memory.writeU64(frame + i * 8L, 0);
        }
        memory.writeU64(frame + IP, ip);
        memory.writeU64(frame + FLAGS, flags);
        memory.writeU64(frame + SP, sp);
        memory.writeU64(frame - 8, returnAddress);
        return frame;
    }

    /** The RIP the handler left in the frame at {@code frame}. */
    static long ip(GuestMemory memory, long frame) {
        return memory.readU64(frame + IP);
    }

    /** The RSP the handler left in the frame at {@code frame} (lower than pushed after an emulated CALL). */
    static long sp(GuestMemory memory, long frame) {
        return memory.readU64(frame + SP);
    }
}
