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

    static final int BREAKPOINT_VECTOR = 3;

    /** What a handler's return restored: the frame's kind and vector, and the RIP the interrupted code goes on at. */
    record Exit(InterruptKind kind, int vector, long rip) { }

    /** What {@code poke_int3_handler}'s return restored: the int3's address, where the code goes on, and the claim. */
    record BreakpointExit(long at, long rip, boolean claimed) { }

    private final UnicornEngine engine;
    private final CpuArch arch;
    private final int pcSlot;
    private final int spSlot;
    private final int flagsSlot;
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
    InterruptFrames(UnicornEngine engine, CpuArch arch, HostMachine host, int cpu, int nesting) {
        this.engine = engine;
        this.arch = arch;
        this.pcSlot = arch.pcSlot();
        this.spSlot = arch.spSlot();
        this.flagsSlot = arch.flagsSlot();
        this.host = host;
        this.cpu = cpu;
        this.interruptReturn = host.interruptReturn();
        this.kind = new InterruptKind[nesting];
        this.vector = new int[nesting];
        this.breakpoint = new long[nesting];
        this.frames = new long[nesting][];
        for (int i = 0; i < nesting; i++) {
            frames[i] = engine.registerState().newRegisterFile();
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

    /** The outermost interrupted code's flags (RFLAGS, PSTATE; with a handler running). */
    long outerFlags() {
        return frames[0][flagsSlot];
    }

    /**
     * The outermost interrupted code's {@code {pc, sp, fp, lr}} (with a handler running; lr 0 without a link
     * register): where its own stack is.
     */
    long[] outerContext() {
        long[] f = frames[0];
        return new long[] {f[pcSlot], f[spSlot], f[arch.fpSlot()], arch.lrSlot() < 0 ? 0 : f[arch.lrSlot()]};
    }

    /** Enables IRQs in the outermost interrupted code's flags, which its return restores. */
    void enableOuterIrqs() {
        frames[0][flagsSlot] = arch.withIrqs(frames[0][flagsSlot], true);
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
        engine.registerState().saveRegisters(frame);
        if (sse != null) {
            sse.enter(depth);
        }
        frame[pcSlot] = rip;
        long flags = frame[flagsSlot];
        long below = depth == 0 ? host.interruptStackTop(cpu) : (frame[spSlot] - arch.redZone()) & -16L;
        kind[depth] = k;
        vector[depth] = v;
        depth++;
        if (k == InterruptKind.NMI) {
            nmisInService++;
        } else if (k == InterruptKind.MCE) {
            mcesInService++;
        }
        arch.callHandler(engine, host.memory(), below, interruptReturn, firstArg, cpu);
        engine.writeReg(arch.flags(), arch.withIrqs(flags, false));
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
        engine.registerState().saveRegisters(frame);
        if (sse != null) {
            sse.enter(depth);
        }
        frame[pcSlot] = rip;
        long flags = frame[flagsSlot];
        long below = depth == 0 ? host.interruptStackTop(cpu) : (frame[spSlot] - arch.redZone()) & -16L;
        long bp = BreakpointFrame.push(host.memory(), below, rip, flags, frame[spSlot], interruptReturn);
        kind[depth] = null;
        vector[depth] = BREAKPOINT_VECTOR;
        breakpoint[depth] = bp;
        depth++;
        engine.writeReg(arch.sp(), bp - 8);
        engine.writeReg(arch.flags(), arch.withIrqs(flags, false));
        engine.writeReg(X86Reg.RDI, bp);
        engine.writeReg(X86Reg.RSI, cpu);
    }

    /** An interrupt handler returned to the magic address: the interrupted context restored. */
    Exit pop() {
        depth--;
        long[] frame = frames[depth];
        engine.registerState().restoreRegisters(frame);
        if (sse != null) {
            sse.leave(depth);
        }
        if (kind[depth] == InterruptKind.NMI) {
            nmisInService--;
        } else if (kind[depth] == InterruptKind.MCE) {
            mcesInService--;
        }
        return new Exit(kind[depth], vector[depth], frame[pcSlot]);
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
        boolean claimed = (engine.readReg(arch.result()) & 0xffff_ffffL) != 0;
        long at = frame[pcSlot] - 1;
        frame[pcSlot] = BreakpointFrame.ip(host.memory(), bp);
        frame[spSlot] = BreakpointFrame.sp(host.memory(), bp);
        engine.registerState().restoreRegisters(frame);
        if (sse != null) {
            sse.leave(depth);
        }
        return new BreakpointExit(at, frame[pcSlot], claimed);
    }
}
