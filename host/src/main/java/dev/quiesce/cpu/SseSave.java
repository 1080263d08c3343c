package dev.quiesce.cpu;

import dev.quiesce.emulator.unicorn.UnicornEngine;
import dev.quiesce.emulator.unicorn.X86Reg;

/**
 * The SSE state of one {@link Cpu}'s interrupt frames, for a program compiled with SSE
 * ({@link dev.quiesce.guest.GuestProgram#saveSse()}): entering a handler saves XMM0–15 and MXCSR with the interrupted
 * context and loads MXCSR's default, the handler's return restores them. This is what Linux's
 * {@code kernel_fpu_begin_mask()} (arch/x86/kernel/fpu/core.c) does for kernel code that uses the FPU: it saves the
 * interrupted registers to memory and puts "sane initial values into the control registers" ({@code ldmxcsr} of
 * {@code MXCSR_DEFAULT}); the registers come back before the interrupted code runs again. The hardware itself saves
 * none of it on an interrupt (Intel SDM vol. 3A, "Interrupt and Exception Handling": the frame is SS, RSP, RFLAGS,
 * CS, RIP), so without this a handler that touches an XMM register corrupts the interrupted code's floating point.
 * The model saves eagerly and always (no lazy or "in use" tracking): the cost is measured in docs/benchmarks.md.
 */
final class SseSave {

    /** MXCSR at reset and as Linux's kernel FPU sections load it: all exceptions masked, round to nearest. */
    static final long MXCSR_DEFAULT = 0x1F80;
    /** CR4.OSFXSR (bit 9) and CR4.OSXMMEXCPT (bit 10): an OS that uses SSE sets them (Intel SDM vol. 3A §2.5). */
    static final long CR4_SSE = (1L << 9) | (1L << 10);

    /** MXCSR's slot in an SSE register file ({@link dev.quiesce.emulator.unicorn.RegisterState#newSseFile()}: after XMM0–15's 32 longs). */
    private static final int MXCSR_SLOT = 2 * X86Reg.SSE_XMM_COUNT;

    private final UnicornEngine engine;
    private final long[][] saved;

    /** Room for {@code nesting} frames over {@code engine}. */
    SseSave(UnicornEngine engine, int nesting) {
        this.engine = engine;
        this.saved = new long[nesting][];
        for (int i = 0; i < nesting; i++) {
            saved[i] = engine.registerState().newSseFile();
        }
    }

    /**
     * A CPU of an SSE program at boot: CR4 as an OS that uses SSE sets it and MXCSR at its reset value (Unicorn
     * starts with both 0; it runs SSE code whatever CR0/CR4 say, see {@code SseStateTest}).
     */
    static void boot(UnicornEngine engine) {
        engine.writeReg(X86Reg.CR4, engine.readReg(X86Reg.CR4) | CR4_SSE);
        engine.writeReg(X86Reg.MXCSR, MXCSR_DEFAULT);
    }

    /** A handler is entered over frame {@code depth}: the interrupted SSE state saved, MXCSR at its default. */
    void enter(int depth) {
        long[] file = saved[depth];
        engine.registerState().saveSse(file);
        if (file[MXCSR_SLOT] != MXCSR_DEFAULT) {
            engine.writeReg(X86Reg.MXCSR, MXCSR_DEFAULT);
        }
    }

    /** Frame {@code depth}'s handler returned: the interrupted SSE state back. */
    void leave(int depth) {
        engine.registerState().restoreSse(saved[depth]);
    }
}
