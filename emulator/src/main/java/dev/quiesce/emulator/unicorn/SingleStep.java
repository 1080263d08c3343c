package dev.quiesce.emulator.unicorn;

import java.lang.foreign.MemorySegment;

/**
 * How {@link BlockCounter} executes one instruction at a time: the tail of a block that would overrun the budget and
 * any block that must be counted per instruction. x86-64 sets the trap flag ({@link TrapFlagStep}); aarch64 has none
 * and counts the stepped block's instructions with a temporary per-instruction code hook ({@link CodeHookStep};
 * toolchain-and-unicorn.md, hazard A6).
 */
interface SingleStep {

    /** The program counter's register id. */
    int pcRegister();

    /** The native block hook this kind of stepping goes with ({@link BlockHook}). */
    MemorySegment blockHook();

    /**
     * Whether single-stepping can be entered and left inside a run (the block hook's switch upcall, the interrupt
     * filter) and needs an interrupt hook while it lasts; else every switch stops and restarts the run.
     */
    boolean insideRuns();

    /** Turns single-stepping of {@code engine} on or off (between runs, or from the block hook's switch upcall). */
    void set(UnicornEngine engine, boolean on);

    /**
     * The length of every instruction in bytes, or 0 when lengths vary (then {@link #begin} and {@link #restore}
     * let Unicorn tell them).
     */
    int instructionLength();

    /** Turns single-stepping on and returns the state {@link #restore} puts back. */
    long begin(UnicornEngine engine);

    /** Puts back the state {@link #begin} returned. */
    void restore(UnicornEngine engine, long saved);

    /** Whether {@code n} bytes of code may hold an instruction a run must stop right after (x86: {@code CPUID}). */
    boolean mustStep(MemorySegment code, int n);
}
