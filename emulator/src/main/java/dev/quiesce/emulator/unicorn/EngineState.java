package dev.quiesce.emulator.unicorn;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * One engine's CPU state at a quantum boundary, for a host snapshot (docs/forking.md): every register
 * ({@code uc_context_save}: on x86-64 general, segment, control, model-specific and SSE state; on aarch64
 * the whole {@code CPUARMState} up to its watchpoints, system registers included) and the counting hook's block
 * (the watch and stop settings between runs). Restoring puts both back; the translation cache is the caller's: code
 * bytes restored to other values must be dropped with {@link UnicornEngine#removeCache}. {@link #free} releases the
 * native context early; the engine frees it at the latest when it closes.
 */
public final class EngineState {

    private final UnicornContext context;
    private final byte[] counter;

    private EngineState(UnicornContext context, byte[] counter) {
        this.context = context;
        this.counter = counter;
    }

    /** Saves {@code engine}'s state; call between runs. The context lives as long as the engine. */
    public static EngineState save(UnicornEngine engine) {
        UnicornContext ctx = engine.registerState().newContext();
        engine.registerState().saveContext(ctx);
        return new EngineState(ctx, engine.counterBlock().segment().toArray(ValueLayout.JAVA_BYTE));
    }

    /** Frees the saved registers (the engine it was saved from; nothing once that engine closed). */
    public void free(UnicornEngine engine) {
        engine.registerState().freeContext(context);
    }

    /** Puts {@code engine} (the one it was saved from) back in the saved state; call between runs. */
    public void restore(UnicornEngine engine) {
        engine.registerState().restoreContext(context);
        MemorySegment block = engine.counterBlock().segment();
        MemorySegment.copy(counter, 0, block, ValueLayout.JAVA_BYTE, 0, counter.length);
    }
}
