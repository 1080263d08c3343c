package dev.quiesce.emulator.unicorn;

import java.lang.foreign.MemorySegment;

/**
 * How {@link BlockCounter} executes one instruction at a time: the tail of a block that would overrun the budget and
 * any block that must be counted per instruction. Only x86 has one ({@link TrapFlagStep}); aarch64 engines count per
 * instruction (toolchain-and-unicorn.md, "AArch64 under Unicorn").
 */
interface SingleStep {

    /** The program counter's register id. */
    int pcRegister();

    /** Turns single-stepping of {@code engine} on or off (between runs, or from the block hook's switch upcall). */
    void set(UnicornEngine engine, boolean on);

    /** Turns single-stepping on and returns the state {@link #restore} puts back. */
    long begin(UnicornEngine engine);

    /** Puts back the state {@link #begin} returned. */
    void restore(UnicornEngine engine, long saved);

    /** Whether {@code n} bytes of code may hold an instruction a run must stop right after (x86: {@code CPUID}). */
    boolean mustStep(MemorySegment code, int n);
}
