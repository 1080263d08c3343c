package dev.quiesce.emulator.call;

import dev.quiesce.emulator.unicorn.EngineState;
import dev.quiesce.emulator.unicorn.FaultKind;
import dev.quiesce.emulator.memory.GuestMemory;
import dev.quiesce.emulator.unicorn.RunResult;
import dev.quiesce.emulator.unicorn.UnicornEngine;
import dev.quiesce.emulator.unicorn.UnicornEngines;
import dev.quiesce.emulator.unicorn.Arm64Reg;
import dev.quiesce.emulator.unicorn.X86Reg;
import dev.quiesce.isa.Arch;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Runs one guest function to its return over a {@link GuestMemory}, as Xen calls a payload's hooks
 * ({@code xen/common/livepatch.c}: {@code (*hook)()}) or {@code xl info} reads
 * {@code xen_extra_version()}: a System V call frame on a caller-supplied stack whose return address
 * is a stop address (a mapped, executable trampoline such as {@code HostMachine.interruptReturn()}),
 * integer arguments in RDI, RSI, RDX, RCX, R8, R9, an instruction budget, and RAX as the result.
 *
 * <p>{@link #call(long, long...)} runs each call on an engine of its own (nothing is shared with any CPU) that is as
 * fresh as a newly opened one: opened once per caller and closed with the memory, it starts every call from the
 * registers and counting state it had when opened ({@link EngineState}) with no translation and no learned block
 * ({@link UnicornEngine#flushCache}) — opening, mapping and closing an engine per call cost more than the call itself
 * in a forked hunt. The engine is kept with the memory ({@link GuestMemory#attachment}), so every caller over one
 * memory shares it and a host snapshot never holds it; {@link #call(UnicornEngine, long, long...)} uses a given engine that already maps the memory,
 * saving and restoring its general registers around the call but leaving its stop address set to
 * this call's. Interrupts are off (RFLAGS.IF clear) during the call. A fresh engine maps CPU 0's copy of a program's
 * private per-CPU data ({@link GuestMemory#makePrivate}): a payload hook run this way reads and writes CPU 0's
 * instance of the user's data (a simplification: the call runs on no CPU of the host, so one CPU's copy is chosen).
 */
public final class GuestCall implements GuestCaller {

    /** The default instruction budget: 10 M instructions. */
    public static final long DEFAULT_BUDGET = 10_000_000L;

    private static final int[] ARGUMENT_REGISTERS = {X86Reg.RDI, X86Reg.RSI, X86Reg.RDX, X86Reg.RCX, X86Reg.R8,
        X86Reg.R9};
    private static final long RFLAGS_RESET = 0x2;
    /** PSTATE for a call on AArch64: EL1h with D, A, I and F masked (interrupts off, as RFLAGS.IF clear on x86). */
    private static final long PSTATE_CALL = 0x3c5;

    private final Arch arch;
    private final GuestMemory memory;
    private final long stackTop;
    private final long stopAddress;
    private final long budget;

    /** An x86-64 caller with the {@link #DEFAULT_BUDGET}. */
    public GuestCall(GuestMemory memory, long stackTop, long stopAddress) {
        this(Arch.X86_64, memory, stackTop, stopAddress, DEFAULT_BUDGET);
    }

    /** A caller of {@code arch} code with the {@link #DEFAULT_BUDGET}. */
    public GuestCall(Arch arch, GuestMemory memory, long stackTop, long stopAddress) {
        this(arch, memory, stackTop, stopAddress, DEFAULT_BUDGET);
    }

    /** An x86-64 caller: {@link #GuestCall(Arch, GuestMemory, long, long, long)}. */
    public GuestCall(GuestMemory memory, long stackTop, long stopAddress, long budget) {
        this(Arch.X86_64, memory, stackTop, stopAddress, budget);
    }

    /**
     * A caller of {@code arch} code (System V AMD64 or AAPCS64 calling convention) that uses the stack below
     * {@code stackTop} (16-byte aligned, writable, not in use by a running CPU) and returns to {@code stopAddress}
     * (pushed on x86-64, in X30 on AArch64), allowing {@code budget} instructions per call.
     */
    public GuestCall(Arch arch, GuestMemory memory, long stackTop, long stopAddress, long budget) {
        if ((stackTop & 15) != 0 || !memory.contains(stackTop - 8, 8)) {
            throw new IllegalArgumentException("stack top 0x%x must be 16-byte aligned and inside guest memory"
                    .formatted(stackTop));
        }
        if (budget < 1) {
            throw new IllegalArgumentException("budget must be positive, was " + budget);
        }
        this.arch = arch;
        this.memory = memory;
        this.stackTop = stackTop;
        this.stopAddress = stopAddress;
        this.budget = budget;
    }

    /** The same caller with another instruction budget. */
    public GuestCall withBudget(long instructions) {
        return new GuestCall(arch, memory, stackTop, stopAddress, instructions);
    }

    /** The instruction budget of each call. */
    public long budget() {
        return budget;
    }

    @Override
    public long call(long functionAddress, long... args) {
        OwnEngine own = memory.attachment(OwnEngine.class, () -> new OwnEngine(arch, memory));
        synchronized (own) {
            own.reset();
            return run(own.engine, functionAddress, args);
        }
    }

    /**
     * The engine of the calls over one memory, kept with that memory ({@link GuestMemory#attachment}: opened at the
     * first call, closed with the memory, outside any host snapshot) and reset before each call.
     */
    private static final class OwnEngine implements AutoCloseable {
        private final UnicornEngine engine;
        private final EngineState fresh;
        private boolean used;

        OwnEngine(Arch arch, GuestMemory memory) {
            this.engine = UnicornEngines.open(arch);
            engine.mapShared(memory);
            this.fresh = EngineState.save(engine);
        }

        void reset() {
            if (used) {
                fresh.restore(engine);
                engine.flushCache();
            }
            used = true;
        }

        @Override
        public void close() {
            engine.close();
        }
    }

    /**
     * Calls the function on {@code engine}, which must already map this memory (counted engine:
     * {@link UnicornEngines#open()}); its general registers are restored afterwards.
     */
    public long call(UnicornEngine engine, long functionAddress, long... args) {
        long[] saved = engine.registerState().newRegisterFile();
        engine.registerState().saveRegisters(saved);
        try {
            return run(engine, functionAddress, args);
        } finally {
            engine.registerState().restoreRegisters(saved);
        }
    }

    private long run(UnicornEngine engine, long functionAddress, long... args) {
        if (args.length > ARGUMENT_REGISTERS.length) {
            throw new IllegalArgumentException("a guest call takes at most 6 arguments, got " + args.length);
        }
        engine.stopAt(stopAddress);
        boolean a64 = arch == Arch.AARCH64;
        if (a64) {
            engine.writeReg(Arm64Reg.SP, stackTop);
            engine.writeReg(Arm64Reg.X29, 0);
            engine.writeReg(Arm64Reg.X30, stopAddress);
            engine.writeReg(Arm64Reg.PSTATE, PSTATE_CALL);
        } else {
            long sp = stackTop - 8;
            memory.writeU64(sp, stopAddress);
            engine.writeReg(X86Reg.RSP, sp);
            engine.writeReg(X86Reg.RBP, 0);
            engine.writeReg(X86Reg.RFLAGS, RFLAGS_RESET);
        }
        for (int i = 0; i < args.length; i++) {
            engine.writeReg(a64 ? Arm64Reg.x(i) : ARGUMENT_REGISTERS[i], args[i]);
        }
        RunResult r = engine.run(functionAddress, budget);
        long pc = engine.readReg(a64 ? Arm64Reg.PC : X86Reg.RIP);
        if (pc == stopAddress) {
            return engine.readReg(a64 ? Arm64Reg.x(0) : X86Reg.RAX);
        }
        if (r.ok()) {
            throw new GuestFault(FaultKind.BUDGET_EXHAUSTED, pc,
                    ("guest call of 0x%x did not return within %d instructions (stopped at 0x%x): "
                            + "it loops or waits for something; raise the budget or fix the function")
                            .formatted(functionAddress, budget, pc));
        }
        throw new GuestFault(FaultKind.of(r.error()), pc,
                "guest call of 0x%x faulted at 0x%x after %d instructions: %s"
                        .formatted(functionAddress, pc, r.retired(), r.error()));
    }

    /**
     * Reads the NUL-terminated string at {@code address} (at most {@code max} bytes, fewer if guest
     * memory ends first; Latin-1, byte for byte), as {@code xl info} prints {@code xen_extra}.
     */
    public static String readCString(GuestMemory memory, long address, int max) {
        if (!memory.contains(address, 1)) {
            throw new IndexOutOfBoundsException("string address 0x%x is outside guest memory [0x%x, 0x%x)"
                    .formatted(address, memory.base(), memory.end()));
        }
        int length = (int) Math.min(max, memory.end() - address);
        byte[] bytes = memory.read(address, length);
        int n = 0;
        while (n < bytes.length && bytes[n] != 0) {
            n++;
        }
        return new String(Arrays.copyOf(bytes, n), StandardCharsets.ISO_8859_1);
    }
}
