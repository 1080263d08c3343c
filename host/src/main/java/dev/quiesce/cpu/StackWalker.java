package dev.quiesce.cpu;

import dev.quiesce.emulator.link.GuestSymbol;
import dev.quiesce.emulator.link.SymbolTable;
import dev.quiesce.emulator.memory.GuestMemory;
import dev.quiesce.isa.X86;

import java.util.Arrays;
import java.util.Optional;

/**
 * A frame-pointer unwinder for the guest (built with {@code -fno-omit-frame-pointer}), as kpatch's and Ksplice's
 * stack checks use the kernel's ({@code save_stack_trace_tsk()}; Linux arch/x86/kernel/unwind_frame.c). It knows the
 * prologue {@code [5-byte entry pad] push %rbp; mov %rsp,%rbp}: stopped on the {@code push} the return address is
 * at {@code [rsp]}, on the {@code mov} at {@code [rsp+8]}; elsewhere it follows the {@code rbp} chain while it
 * stays inside the stack, innermost first.
 */
public final class StackWalker {

    /** Deepest walk; deeper chains are cut (the guest's call depth is under ten). */
    public static final int MAX_FRAMES = 64;

    private static final byte PUSH_RBP = 0x55;
    private static final byte[] MOV_RSP_RBP = {0x48, (byte) 0x89, (byte) 0xe5};

    private final GuestMemory memory;
    private final SymbolTable symbols;
    private final long codeLow;
    private final long codeHigh;

    /**
     * An unwinder reading {@code memory}, finding function starts in {@code symbols}; return addresses must lie in
     * {@code [codeLow, codeHigh)} (the image and the payload area), and the first one outside ends the walk.
     */
    public StackWalker(GuestMemory memory, SymbolTable symbols, long codeLow, long codeHigh) {
        this.memory = memory;
        this.symbols = symbols;
        this.codeLow = codeLow;
        this.codeHigh = codeHigh;
    }

    /**
     * The PC followed by the return addresses of the context {@code (rip, rsp, rbp)} whose stack is
     * {@code [stackLow, stackHigh)}.
     */
    public long[] walk(long rip, long rsp, long rbp, long stackLow, long stackHigh) {
        long[] out = new long[MAX_FRAMES];
        int n = 0;
        out[n++] = rip;
        long fp = rbp;
        int prologue = prologueStep(rip);
        if (prologue == 1 && inStack(rsp, stackLow, stackHigh)) {
            out[n++] = memory.readU64(rsp);
        } else if (prologue == 2 && inStack(rsp + 8, stackLow, stackHigh)) {
            out[n++] = memory.readU64(rsp + 8);
        }
        while (n < MAX_FRAMES && inStack(fp, stackLow, stackHigh) && fp + 16 <= stackHigh) {
            long ret = memory.readU64(fp + 8);
            if (ret < codeLow || ret >= codeHigh) {
                break; // the bottom frame: cpu_main's return address is the exit trampoline
            }
            out[n++] = ret;
            long next = memory.readU64(fp);
            if (next <= fp) {
                break;
            }
            fp = next;
        }
        return Arrays.copyOf(out, n);
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

    private static boolean inStack(long a, long low, long high) {
        return a >= low && a + 8 <= high;
    }
}
