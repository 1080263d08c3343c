package dev.quiesce.emulator.unicorn;

import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The savable register state of one {@link UnicornEngine} ({@link UnicornEngine#registerState()}): buffers for and
 * batch saves and restores of its general context and SSE state, XMM access, and whole Unicorn contexts.
 */
public final class RegisterState {

    private final UnicornEngine engine;
    private final EngineRegisters registers;
    private final EngineContexts contexts;

    RegisterState(UnicornEngine engine, EngineRegisters registers, EngineContexts contexts) {
        this.engine = engine;
        this.registers = registers;
        this.contexts = contexts;
    }

    /** A buffer for {@link #saveRegisters}: one slot per register of the general context. */
    public long[] newRegisterFile() {
        return registers.newFile();
    }

    /**
     * Saves the general context (x86-64: 16 GPRs, RIP, RFLAGS, {@link X86Reg#contextSlot}; aarch64: X0–X30, SP, PC,
     * PSTATE, {@link Arm64Reg#contextSlot}) into {@code into} with one {@code uc_reg_read_batch}. Cheaper than
     * {@link #saveContext} + {@link #restoreContext}, whose restore costs ~1.3 us here (the next run refills the soft
     * TLB).
     */
    public void saveRegisters(long[] into) {
        registers.save(into);
    }

    /** Restores the general context saved by {@link #saveRegisters}. */
    public void restoreRegisters(long[] from) {
        registers.restore(from);
    }

    /** A buffer for {@link #saveSse}: XMM0–15 as (low, high) quadword pairs, then MXCSR. */
    public long[] newSseFile() {
        return new long[SseBatch.LONGS];
    }

    /**
     * Saves the SSE state (XMM0–15, MXCSR) into {@code into} with one {@code uc_reg_read_batch}: what an interrupt
     * saves with the context for a program compiled with SSE.
     */
    public void saveSse(long[] into) {
        UnicornEngine.check("uc_reg_read_batch(sse)", registers.sse().save(into));
    }

    /** Restores the SSE state saved by {@link #saveSse}. */
    public void restoreSse(long[] from) {
        UnicornEngine.check("uc_reg_write_batch(sse)", registers.sse().restore(from));
    }

    /** Reads XMM{@code i} (0..15) as {@code {low quadword, high quadword}}. */
    public long[] readXmm(int i) {
        MemorySegment scratch = registers.scratch();
        UnicornEngine.check("uc_reg_read(xmm)", registers.sse().readXmm(i, scratch));
        return new long[] {scratch.get(JAVA_LONG, 0), scratch.get(JAVA_LONG, 8)};
    }

    /** Writes XMM{@code i} (0..15), all 128 bits. */
    public void writeXmm(int i, long low, long high) {
        MemorySegment scratch = registers.scratch();
        scratch.set(JAVA_LONG, 0, low);
        scratch.set(JAVA_LONG, 8, high);
        UnicornEngine.check("uc_reg_write(xmm)", registers.sse().writeXmm(i, scratch));
    }

    /** Allocates a context buffer for {@link #saveContext}/{@link #restoreContext}. */
    public UnicornContext newContext() {
        return contexts.allocate();
    }

    /** Frees a context from {@link #newContext} before the engine closes (nothing if it was freed already). */
    public void freeContext(UnicornContext ctx) {
        if (!engine.isClosed()) {
            contexts.free(ctx);
        }
    }

    /** Saves all CPU registers into {@code ctx}. */
    public void saveContext(UnicornContext ctx) {
        contexts.save(ctx);
    }

    /** Restores all CPU registers from {@code ctx}. */
    public void restoreContext(UnicornContext ctx) {
        contexts.restore(ctx);
    }
}
