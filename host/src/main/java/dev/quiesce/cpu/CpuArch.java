package dev.quiesce.cpu;

import dev.quiesce.emulator.memory.GuestMemory;
import dev.quiesce.emulator.unicorn.UnicornEngine;
import dev.quiesce.isa.Arch;

/**
 * What a {@link Cpu} does differently per instruction-set architecture: which registers hold the PC, the stack and
 * frame pointers, the handler's arguments and result and the interrupt mask, how a CPU boots into its program's entry
 * and how the simulator enters a handler with the magic return address (docs/architecture.md §3 and §6). The
 * lockstep, the interrupt priorities, the rendezvous commands and the events are the same on every architecture.
 */
interface CpuArch {

    /** The architecture's implementation. */
    static CpuArch of(Arch arch) {
        return switch (arch) {
            case X86_64 -> X86CpuArch.INSTANCE;
            case AARCH64 -> A64CpuArch.INSTANCE;
        };
    }

    /** The architecture. */
    Arch arch();

    /** The program counter's register id. */
    int pc();

    /** The stack pointer's register id. */
    int sp();

    /** The frame pointer's register id ({@code RBP}, {@code X29}). */
    int fp();

    /** The link register's id ({@code X30}), or -1 where calls push the return address (x86-64). */
    int lr();

    /** The register a called function returns its result in ({@code RAX}, {@code X0}). */
    int result();

    /** The register that holds the interrupt mask ({@code RFLAGS}, {@code PSTATE}). */
    int flags();

    /** Whether {@code flags} (the value of {@link #flags()}) let maskable interrupts in. */
    boolean irqsEnabled(long flags);

    /** {@code flags} with maskable interrupts enabled or masked. */
    long withIrqs(long flags, boolean enabled);

    /** The slots of the PC, the stack pointer, the frame pointer and the flags in a saved register file. */
    int pcSlot();

    /** The stack pointer's slot in a saved register file. */
    int spSlot();

    /** The frame pointer's slot in a saved register file. */
    int fpSlot();

    /** The flags' slot in a saved register file. */
    int flagsSlot();

    /** The link register's slot in a saved register file, or -1 when there is none. */
    int lrSlot();

    /**
     * Prepares CPU {@code cpu} to call its program's entry {@code (cpu)}: the stack below {@code stackTop}, the
     * return address {@code exit} (where a returning entry faults), interrupts enabled, {@code percpu} in the
     * architecture's per-CPU base register.
     */
    void boot(UnicornEngine engine, GuestMemory memory, long stackTop, long exit, int cpu, long percpu);

    /**
     * Calls a handler as the simulator's interrupt entry does: the stack pointer below {@code below} (16-aligned),
     * the magic return address {@code magic} where a return finds it, and the two arguments. The caller sets the
     * flags and the PC.
     */
    void callHandler(UnicornEngine engine, GuestMemory memory, long below, long magic, long arg0, long arg1);

    /** What returning from a handler is as a serialising or synchronising event ({@code IRET}, {@code ERET}). */
    CpuEvent.Serialising handlerReturn();

    /** Stack bytes an interrupted function may use below its stack pointer (x86-64's red zone: 128; AArch64: 0). */
    int redZone();

    /** The number the engine's interrupt hook reports for the breakpoint instruction ({@code INT3}: 3, {@code BRK}). */
    int breakpointInterrupt();

    /** Where the breakpoint instruction is, given the PC the trap left ({@code INT3} is a trap: one byte back). */
    long breakpointSite(long pc);
}
