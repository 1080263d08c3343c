package dev.quiesce.coordinator.plan;

import dev.quiesce.splice.SiteChange;
import dev.quiesce.splice.X86_64Isa;

/**
 * What a CPU that hits a text_poke int3 does instead: Linux's {@code poke_int3_handler()} emulates the instruction
 * being written — a JMP (continue at its target) or a NOP (continue after it) — via {@code int3_emulate_jmp()}
 * (arch/x86/kernel/alternative.c, arch/x86/include/asm/text-patching.h). A livepatch change always has a JMP or
 * NOPs on one side (apply: the new side; revert: the old side); that side is emulated, so the CPU behaves as
 * either the old or the new code, never a mix.
 */
public final class Int3Emulation {

    private static final byte[] NOP5 = {0x0f, 0x1f, 0x44, 0x00, 0x00};

    private Int3Emulation() {
    }

    /** Where a CPU that trapped on the int3 at {@code c.address()} continues. */
    public static long target(SiteChange c) {
        long t = emulate(c.address(), c.after());
        if (t < 0) {
            t = emulate(c.address(), c.before());
        }
        if (t < 0) {
            throw new IllegalArgumentException(("neither side of the change at 0x%x is a JMP or NOPs: text_poke's"
                    + " int3 cannot emulate it").formatted(c.address()));
        }
        return t;
    }

    private static long emulate(long at, byte[] insn) {
        if (insn.length == X86_64Isa.JUMP_SIZE && insn[0] == X86_64Isa.JMP_REL32) {
            int rel = (insn[1] & 0xff) | (insn[2] & 0xff) << 8 | (insn[3] & 0xff) << 16 | (insn[4] & 0xff) << 24;
            return at + X86_64Isa.JUMP_SIZE + rel;
        }
        if (java.util.Arrays.equals(insn, NOP5) || java.util.Arrays.equals(insn, X86_64Isa.INSTANCE.nop(insn.length))) {
            return at + insn.length;
        }
        return -1;
    }
}
