package dev.quiesce.coordinator.plan;

import dev.quiesce.isa.X86;
import dev.quiesce.splice.SiteChange;

/**
 * What a CPU that hits a text_poke int3 does instead: Linux's {@code poke_int3_handler()} emulates the instruction
 * being written — a JMP (continue at its target) or a NOP (continue after it) — via {@code int3_emulate_jmp()}
 * (arch/x86/kernel/alternative.c, arch/x86/include/asm/text-patching.h). A livepatch change always has a JMP or
 * NOPs on one side (apply: the new side; revert: the old side); that side is emulated, so the CPU behaves as
 * either the old or the new code, never a mix.
 */
public final class Int3Emulation {

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
        if (X86.isJmpRel32(insn)) {
            return X86.jmpRel32Target(at, insn);
        }
        if (java.util.Arrays.equals(insn, X86.nops(insn.length))) {
            return at + insn.length;
        }
        return -1;
    }
}
