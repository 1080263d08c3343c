package dev.quiesce.coordinator.protocol;

import dev.quiesce.emulator.memory.GuestMemory;
import dev.quiesce.isa.A64;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The AArch64 code of {@link LazyPerCpu}: an entry pad is two {@code NOP}s (Linux arm64's
 * {@code -fpatchable-function-entry=2} sites), the first of which becomes a {@code B} to a trampoline that dispatches on
 * the executing CPU's universe byte, read through TPIDR_EL1 (the per-CPU base the host sets, docs/aarch64.md):
 * <pre>
 *   mrs  x16, tpidr_el1
 *   ldrb w17, [x16, #universe]
 *   cmp  w17, #generation
 *   b.ne 1f
 *   b    after        // the CPU switched: the new code
 * 1: b    before       // not yet: the old code, past the pad's first NOP
 * </pre>
 * X16 and X17 are the intra-procedure-call scratch registers, which AAPCS64 (§6.1.1) lets a veneer between a call and
 * its target clobber: the trampoline is such a veneer.
 */
final class A64Dispatch {

    private static final int IP0 = 16;
    private static final int IP1 = 17;

    private A64Dispatch() {
    }

    /** Whether the function at {@code at} starts with the two-NOP pad, or a {@code B} over its first NOP. */
    static boolean padded(GuestMemory memory, long at) {
        byte[] head = memory.read(at, 2 * A64.INSN_SIZE);
        int first = A64.word(head, 0);
        return (first == A64.NOP || A64.isB(first)) && A64.word(head, A64.INSN_SIZE) == A64.NOP;
    }

    /** Where a pad's first word {@code insn} (a {@code B}, or the {@code NOP}) at {@code at} sends a CPU. */
    static long target(long at, byte[] insn) {
        int w = A64.word(insn, 0);
        return A64.isB(w) ? A64.branchTarget(at, w) : at + A64.INSN_SIZE;
    }

    /** The trampoline at {@code at} for universe {@code gen}, to {@code after} (switched) or {@code before}. */
    static byte[] trampoline(long at, long universeOffset, int gen, long after, long before) {
        ByteBuffer b = ByteBuffer.allocate(6 * A64.INSN_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(A64.mrsTpidrEl1(IP0));
        b.putInt(A64.ldrb(IP1, IP0, (int) universeOffset));
        b.putInt(A64.cmpW(IP1, gen));
        b.putInt(A64.bCond(A64.COND_NE, at + 12, at + 20));
        b.putInt(A64.b(at + 16, after));
        b.putInt(A64.b(at + 20, before));
        return b.array();
    }
}
