package dev.quiesce.cpu;

import dev.quiesce.emulator.link.GuestSymbol;
import dev.quiesce.emulator.link.SymbolTable;
import dev.quiesce.emulator.memory.GuestMemory;
import dev.quiesce.isa.X86;

import java.util.Optional;

/**
 * The x86-64 prologue {@code [5-byte entry pad] push %rbp; mov %rsp,%rbp}: stopped on the {@code push} the return
 * address is at {@code [rsp]}, on the {@code mov} at {@code [rsp+8]}; elsewhere the {@code rbp} chain holds it.
 */
final class X86Prologue implements Prologue {

    private static final byte PUSH_RBP = 0x55;
    private static final byte[] MOV_RSP_RBP = {0x48, (byte) 0x89, (byte) 0xe5};

    private final GuestMemory memory;
    private final SymbolTable symbols;

    X86Prologue(GuestMemory memory, SymbolTable symbols) {
        this.memory = memory;
        this.symbols = symbols;
    }

    @Override
    public long returnAddress(long pc, long sp, long lr, long stackLow, long stackHigh) {
        int step = prologueStep(pc);
        if (step == 1 && Prologue.inStack(sp, stackLow, stackHigh)) {
            return memory.readU64(sp);
        }
        if (step == 2 && Prologue.inStack(sp + 8, stackLow, stackHigh)) {
            return memory.readU64(sp + 8);
        }
        return 0;
    }

    /** 1 when {@code rip} is on the prologue's push, 2 on its mov, else 0. */
    private int prologueStep(long rip) {
        Optional<GuestSymbol> f = symbols.containing(rip);
        if (f.isEmpty() || f.get().type() != GuestSymbol.Type.FUNCTION) {
            return 0;
        }
        long start = f.get().address();
        if (memory.contains(start, 5) && isPad(memory.read(start, 5))) {
            start += 5;
        }
        if (!memory.contains(start, 4)) {
            return 0;
        }
        byte[] head = memory.read(start, 4);
        if (head[0] != PUSH_RBP) {
            return 0;
        }
        if (rip == start) {
            return 1;
        }
        boolean mov = head[1] == MOV_RSP_RBP[0] && head[2] == MOV_RSP_RBP[1] && head[3] == MOV_RSP_RBP[2];
        return mov && rip == start + 1 ? 2 : 0;
    }

    private static boolean isPad(byte[] b) {
        return X86.isEntryPad(b);
    }
}
