package dev.quiesce.cpu;

import dev.quiesce.emulator.unicorn.UnicornEngine;
import dev.quiesce.emulator.unicorn.X86Reg;
import dev.quiesce.host.HostMachine;
import dev.quiesce.interrupt.InterruptKind;

/**
 * The interrupt frames of one {@link Cpu}, innermost last: each saves the interrupted context (16 GPRs, RIP, RFLAGS;
 * the built-in guest has no SSE/x87 state; a program with {@code saveSse} also XMM0–15 and MXCSR, see
 * {@link SseSave}), and its entry moves RSP to the interrupt stack (below the interrupted frame when
 * nested, past a 128-byte red zone, 16-aligned), pushes the magic return address and clears IF, as an interrupt gate
 * does (Intel SDM vol. 3A, "Interrupt and Exception Handling"; docs/architecture.md §6). It counts the NMI and
 * machine-check handlers in service (NMI blocking; the hardware's MCG_STATUS.MCIP).
 */
final class InterruptFrames {

    static final int RSP_SLOT = X86Reg.contextSlot(X86Reg.RSP);
    static final int RIP_SLOT = X86Reg.contextSlot(X86Reg.RIP);
    static final int RFLAGS_SLOT = X86Reg.contextSlot(X86Reg.RFLAGS);
    static final int BREAKPOINT_VECTOR = 3;

    /** What a handler's return restored: the frame's kind and vector, and the RIP the interrupted code goes on at. */
    record Exit(InterruptKind kind, int vector, long rip) { }

    /** What {@code poke_int3_handler}'s return restored: the int3's address, where the code goes on, and the claim. */
    record BreakpointExit(long at, long rip, boolean claimed) { }

    private final UnicornEngine engine;
    private final HostMachine host;
    private final int cpu;
    private final long interruptReturn;
    private final long[][] frames;
    private final InterruptKind[] kind;
    private final int[] vector;
    private final long[] breakpoint; // the guest #BP frame's address, 0 for an interrupt's frame
    private final SseSave sse; // null: the program's interrupts save no SSE state
    private int depth;
    private int nmisInService;
    private int mcesInService;

    /** Room for {@code nesting} frames of CPU {@code cpu} of {@code host}, over its {@code engine}. */
    InterruptFrames(UnicornEngine engine, HostMachine host, int cpu, int nesting) {
        this.engine = engine;
        this.host = host;
        this.cpu = cpu;
        this.interruptReturn = host.interruptReturn();
        this.kind = new InterruptKind[nesting];
        this.vector = new int[nesting];
        this.breakpoint = new long[nesting];
        this.frames = new long[nesting][];
        for (int i = 0; i < nesting; i++) {
            frames[i] = engine.newRegisterFile();
        }
        this.sse = host.settings().guest().saveSse() ? new SseSave(engine, nesting) : null;
    }

    /** How many handlers are running, nested. */
    int depth() {
        return depth;
    }

    /** Whether no further frame fits. */
    boolean full() {
        return depth == frames.length;
    }

    /** Whether an NMI handler is running (NMIs are blocked). */
    boolean inNmi() {
        return nmisInService > 0;
    }

    /** Whether a machine-check handler is running. */
    boolean inMce() {
        return mcesInService > 0;
    }

    /** Whether an IRQ handler is running, at any depth. */
    boolean inIrq() {
        for (int i = 0; i < depth; i++) {
            if (kind[i] == InterruptKind.IRQ) {
                return true;
            }
        }
        return false;
    }

    /** The outermost interrupted code's RFLAGS (with a handler running). */
    long outerFlags() {
        return frames[0][RFLAGS_SLOT];
    }

    /** The outermost interrupted code's {@code {rip, rsp, rbp}} (with a handler running): where its own stack is. */
    long[] outerContext() {
        long[] f = frames[0];
        return new long[] {f[RIP_SLOT], f[RSP_SLOT], f[X86Reg.contextSlot(X86Reg.RBP)]};
    }

    /** Sets {@code ifBit} in the outermost interrupted code's RFLAGS, which its return restores. */
    void restoreOuterIf(long ifBit) {
        frames[0][RFLAGS_SLOT] |= ifBit;
    }

    /** Whether the innermost frame is a guest #BP's. */
    boolean breakpointOnTop() {
        return breakpoint[depth - 1] != 0;
    }

    /**
     * Enters an interrupt handler over the code at {@code rip} (not the engine's RIP: a handler entered on top of one
     * that has not run an instruction yet — an NMI right after a machine check — returns to that handler's first
     * instruction): frame saved and pushed, IF clear, the handler's arguments {@code (firstArg, cpu)}. Returns the
     * interrupted RFLAGS; the caller jumps to the handler.
     */
    long push(InterruptKind k, int v, long rip, long firstArg) {
        long[] frame = frames[depth];
        engine.saveRegisters(frame);
        if (sse != null) {
            sse.enter(depth);
        }
        frame[RIP_SLOT] = rip;
        long flags = frame[RFLAGS_SLOT];
        long sp = depth == 0 ? host.interruptStackTop(cpu) - 8 : ((frame[RSP_SLOT] - 128) & -16L) - 8;
        host.memory().writeU64(sp, interruptReturn);
        kind[depth] = k;
        vector[depth] = v;
        depth++;
        if (k == InterruptKind.NMI) {
            nmisInService++;
        } else if (k == InterruptKind.MCE) {
            mcesInService++;
        }
        engine.writeReg(X86Reg.RSP, sp);
        engine.writeReg(X86Reg.RFLAGS, flags & ~X86Reg.RFLAGS_IF);
        engine.writeReg(X86Reg.RDI, firstArg);
        engine.writeReg(X86Reg.RSI, cpu);
        return flags;
    }

    /**
     * Enters {@code poke_int3_handler(frame, cpu)} for the int3 before {@code rip} as an interrupt gate would
     * (Linux's vector 3 is one): the hardware's exception frame ({@link BreakpointFrame}) and the magic return
     * address on the interrupt stack, IF clear. Unlike an interrupt it happens at the instruction: the frame's RIP
     * is the address after the int3. The caller jumps to the handler.
     */
    void pushBreakpoint(long rip) {
        long[] frame = frames[depth];
        engine.saveRegisters(frame);
        if (sse != null) {
            sse.enter(depth);
        }
        frame[RIP_SLOT] = rip;
        long flags = frame[RFLAGS_SLOT];
        long below = depth == 0 ? host.interruptStackTop(cpu) : (frame[RSP_SLOT] - 128) & -16L;
        long bp = BreakpointFrame.push(host.memory(), below, rip, flags, frame[RSP_SLOT], interruptReturn);
        kind[depth] = null;
        vector[depth] = BREAKPOINT_VECTOR;
        breakpoint[depth] = bp;
        depth++;
        engine.writeReg(X86Reg.RSP, bp - 8);
        engine.writeReg(X86Reg.RFLAGS, flags & ~X86Reg.RFLAGS_IF);
        engine.writeReg(X86Reg.RDI, bp);
        engine.writeReg(X86Reg.RSI, cpu);
    }

    /** An interrupt handler returned to the magic address: the interrupted context restored. */
    Exit pop() {
        depth--;
        long[] frame = frames[depth];
        engine.restoreRegisters(frame);
        if (sse != null) {
            sse.leave(depth);
        }
        if (kind[depth] == InterruptKind.NMI) {
            nmisInService--;
        } else if (kind[depth] == InterruptKind.MCE) {
            mcesInService--;
        }
        return new Exit(kind[depth], vector[depth], frame[RIP_SLOT]);
    }

    /**
     * {@code poke_int3_handler} returned: whether it claimed the int3 (RAX != 0), and the context restored with the
     * RIP and RSP the exception frame now holds.
     */
    BreakpointExit popBreakpoint() {
        depth--;
        long[] frame = frames[depth];
        long bp = breakpoint[depth];
        breakpoint[depth] = 0;
        boolean claimed = (engine.readReg(X86Reg.RAX) & 0xffff_ffffL) != 0;
        long at = frame[RIP_SLOT] - 1;
        frame[RIP_SLOT] = BreakpointFrame.ip(host.memory(), bp);
        frame[RSP_SLOT] = BreakpointFrame.sp(host.memory(), bp);
        engine.restoreRegisters(frame);
        if (sse != null) {
            sse.leave(depth);
        }
        return new BreakpointExit(at, frame[RIP_SLOT], claimed);
    }
}
