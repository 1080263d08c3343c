package dev.quiesce.cpu;

import dev.quiesce.emulator.link.GuestSymbol;
import dev.quiesce.emulator.link.SymbolTable;
import dev.quiesce.emulator.memory.GuestMemory;

import java.util.Optional;

/**
 * The AArch64 prologue gcc emits with {@code -fno-omit-frame-pointer}: after the entry pad's NOPs, a frame record
 * stored with {@code stp x29, x30, [sp, #-n]!} (or {@code stp x29, x30, [sp, #off]} after a {@code sub sp}), then
 * {@code mov x29, sp} (or {@code add x29, sp, #off}). Until the {@code stp} has run the return address is in the link
 * register X30; between the {@code stp} and the {@code mov} it is in the new record at {@code [sp + off + 8]}; a
 * function without a record (a leaf) keeps it in X30 throughout (AAPCS64 §6.4.6 "The Frame Pointer"; Linux
 * arch/arm64/kernel/stacktrace.c unwinds the same records). Encodings: Arm ARM C6.2, STP (64-bit, pre-index and
 * signed offset) and ADD (immediate).
 */
final class A64Prologue implements Prologue {

    /** How many instructions from a function's start are searched for its frame record. */
    private static final int SCAN = 8;
    private static final int STP_PRE_INDEX = 0xA980_0000;
    private static final int STP_OFFSET = 0xA900_0000;
    private static final int STP_MASK = 0xFFC0_0000;
    /** {@code Rt = x29, Rt2 = x30, Rn = sp}. */
    private static final int STP_FP_LR_SP = (30 << 10) | (31 << 5) | 29;
    private static final int STP_REGS_MASK = 0x7FFF;
    /** {@code add x29, sp, #imm12} (sh = 0); {@code mov x29, sp} is imm12 = 0. */
    private static final int ADD_FP_SP = 0x9100_03FD;
    private static final int ADD_FP_SP_MASK = 0xFFC0_03FF;

    private final GuestMemory memory;
    private final SymbolTable symbols;

    A64Prologue(GuestMemory memory, SymbolTable symbols) {
        this.memory = memory;
        this.symbols = symbols;
    }

    @Override
    public long returnAddress(long pc, long sp, long lr, long stackLow, long stackHigh) {
        Optional<GuestSymbol> f = symbols.containing(pc);
        if (f.isEmpty() || f.get().type() != GuestSymbol.Type.FUNCTION) {
            return 0;
        }
        long start = f.get().address();
        long end = Math.min(start + 4L * SCAN, start + Math.max(4, f.get().size()));
        for (long a = start; a + 4 <= end && memory.contains(a, 4); a += 4) {
            int insn = memory.readU32(a);
            if ((insn & STP_REGS_MASK) != STP_FP_LR_SP) {
                continue;
            }
            boolean pre = (insn & STP_MASK) == STP_PRE_INDEX;
            if (!pre && (insn & STP_MASK) != STP_OFFSET) {
                continue;
            }
            if (pc <= a) {
                return lr; // the record is not stored yet: the return address is in X30
            }
            long next = a + 4;
            boolean settingFp = memory.contains(next, 4) && (memory.readU32(next) & ADD_FP_SP_MASK) == ADD_FP_SP;
            if (pc != next || !settingFp) {
                return 0; // X29 points at the record: the chain holds it
            }
            long record = sp + (pre ? 0 : 8L * imm7(insn));
            return Prologue.inStack(record + 8, stackLow, stackHigh) ? memory.readU64(record + 8) : 0;
        }
        return lr; // no frame record (a leaf): X30 holds the return address throughout
    }

    /** The signed, 8-scaled immediate of a 64-bit STP, in units of 8 bytes. */
    private static int imm7(int insn) {
        return (insn << 10) >> 25;
    }
}
