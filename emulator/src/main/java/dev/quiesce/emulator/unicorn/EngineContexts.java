package dev.quiesce.emulator.unicorn;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.LinkedHashSet;
import java.util.Set;

import static java.lang.foreign.ValueLayout.ADDRESS;

/**
 * One engine's saved register states ({@code uc_context_*}): allocated, saved, restored, and freed at the latest when
 * the engine closes.
 */
final class EngineContexts {

    private final UnicornLibrary lib;
    private final MemorySegment uc;
    private final Arena arena;
    private final Set<UnicornContext> live = new LinkedHashSet<>();

    EngineContexts(UnicornLibrary lib, MemorySegment uc, Arena arena) {
        this.lib = lib;
        this.uc = uc;
        this.arena = arena;
    }

    UnicornContext allocate() {
        MemorySegment out = arena.allocate(ADDRESS);
        UnicornEngine.check("uc_context_alloc", call(() -> (int) lib.contextAlloc.invokeExact(uc, out)));
        UnicornContext ctx = new UnicornContext(out.get(ADDRESS, 0));
        live.add(ctx);
        return ctx;
    }

    void free(UnicornContext ctx) {
        if (live.remove(ctx)) {
            call(() -> (int) lib.contextFree.invokeExact(ctx.pointer()));
        }
    }

    void save(UnicornContext ctx) {
        UnicornEngine.check("uc_context_save", call(() -> (int) lib.contextSave.invokeExact(uc, ctx.pointer())));
    }

    void restore(UnicornContext ctx) {
        UnicornEngine.check("uc_context_restore",
                call(() -> (int) lib.contextRestore.invokeExact(uc, ctx.pointer())));
    }

    /** Frees every context still allocated (the engine closes). */
    void freeAll() {
        for (UnicornContext c : live) {
            call(() -> (int) lib.contextFree.invokeExact(c.pointer()));
        }
        live.clear();
    }

    private interface Call {
        int call() throws Throwable;
    }

    private static int call(Call c) {
        try {
            return c.call();
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
