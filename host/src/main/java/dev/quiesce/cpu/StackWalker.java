package dev.quiesce.cpu;

import dev.quiesce.emulator.link.GuestSymbol;
import dev.quiesce.emulator.link.SymbolTable;
import dev.quiesce.emulator.memory.GuestMemory;
import dev.quiesce.isa.Arch;

import java.util.Arrays;

/**
 * A frame-pointer unwinder for the guest (built with {@code -fno-omit-frame-pointer}), as kpatch's and Ksplice's
 * stack checks use the kernel's ({@code save_stack_trace_tsk()}; Linux arch/x86/kernel/unwind_frame.c,
 * arch/arm64/kernel/stacktrace.c). Both architectures keep a frame record of two words, the caller's frame pointer
 * and the return address ({@code [rbp]}, {@code [rbp+8]}; AAPCS64's {@code [x29]}, {@code [x29+8]}), so the walk
 * follows that chain while it stays inside the stack, innermost first; where the innermost function has not built
 * its record yet (or never does) its {@link Prologue} finds the return address.
 */
public final class StackWalker {

    /** Deepest walk; deeper chains are cut (the guest's call depth is under ten). */
    public static final int MAX_FRAMES = 64;

    private final Prologue prologue;
    private final GuestMemory memory;
    private final long codeLow;
    private final long codeHigh;

    /**
     * An unwinder reading {@code memory}, finding function starts in {@code symbols}; return addresses must lie in
     * {@code [codeLow, codeHigh)} (the image and the payload area), and the first one outside ends the walk.
     */
    public StackWalker(GuestMemory memory, SymbolTable symbols, long codeLow, long codeHigh, Arch arch) {
        this.prologue = arch == Arch.AARCH64 ? new A64Prologue(memory, symbols) : new X86Prologue(memory, symbols);
        this.memory = memory;
        this.codeLow = codeLow;
        this.codeHigh = codeHigh;
    }

    /**
     * The PC followed by the return addresses of the context {@code (pc, sp, fp, lr)} whose stack is
     * {@code [stackLow, stackHigh)} ({@code lr}: the link register on AArch64, ignored on x86-64).
     */
    public long[] walk(long pc, long sp, long fp, long lr, long stackLow, long stackHigh) {
        long[] out = new long[MAX_FRAMES];
        int n = 0;
        out[n++] = pc;
        long pending = prologue.returnAddress(pc, sp, lr, stackLow, stackHigh);
        if (pending != 0) {
            out[n++] = pending;
        }
        while (n < MAX_FRAMES && Prologue.inStack(fp, stackLow, stackHigh) && fp + 16 <= stackHigh) {
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
}
