package dev.quiesce.emulator.unicorn;

import dev.quiesce.isa.Arch;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * One engine's hooks ({@code uc_hook_add}, {@code uc_hook_del}) of {@link UnicornEngine}
 * ({@link UnicornEngine#hooks()}): adding and removing them, the callbacks' upcall stubs,
 * the invalidation a hook on translated code needs (hazard 2), and under {@link Counting#BLOCK} what a hook means for
 * block counting — a code hook's range is single-stepped, an interrupt hook gets the native #DB filter in front.
 */
public final class EngineHooks {

    static final int UC_HOOK_INTR = 1;
    static final int UC_HOOK_INSN = 2;
    static final int UC_HOOK_CODE = 4;
    static final int UC_HOOK_BLOCK = 8;
    private static final int UC_X86_INS_CPUID = 113;
    private static final int UC_HOOK_MEM_UNMAPPED = 0x70;
    private static final int UC_HOOK_INSN_INVALID = 0x4000;

    private final UnicornEngine engine;
    private final UnicornLibrary lib;
    private final MemorySegment uc;
    private final Arena arena;
    private final CounterBlock counter;
    private final BlockCounter blocks;
    private final Consumer<Throwable> failures;
    private final Map<Long, long[]> codeHookRanges = new HashMap<>();

    EngineHooks(UnicornEngine engine, UnicornLibrary lib, MemorySegment uc, Arena arena, CounterBlock counter,
                BlockCounter blocks, Consumer<Throwable> failures) {
        this.engine = engine;
        this.lib = lib;
        this.uc = uc;
        this.arena = arena;
        this.counter = counter;
        this.blocks = blocks;
        this.failures = failures;
    }

    /**
     * Calls {@code callback} whenever the guest executes {@code CPUID}, and ends the run right after that
     * instruction (uncounted stop before the next one), so the caller can act on the serialising event before
     * anything else is fetched.
     */
    public Hook cpuid(Hooks.Cpuid callback) {
        if (engine.arch() != Arch.X86_64) {
            throw new UnsupportedOperationException("CPUID is an x86 instruction; this engine is " + engine.arch());
        }
        if (engine.counting() == null) {
            throw new IllegalStateException("hooks().cpuid needs the counting hook");
        }
        Hooks.Cpuid stopping = () -> {
            counter.stopAfterCurrent();
            callback.onCpuid();
        };
        MemorySegment hh = arena.allocate(JAVA_LONG);
        try {
            UnicornEngine.check("uc_hook_add(cpuid)", (int) lib.hookAddInsn.invokeExact(uc, hh, UC_HOOK_INSN,
                    Upcalls.cpuid(failures, stopping, arena), MemorySegment.NULL, 1L, 0L, UC_X86_INS_CPUID));
        } catch (UnicornException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
        return new Hook(hh.get(JAVA_LONG, 0));
    }

    /**
     * Adds a code hook on {@code [begin, end]} and drops translations of that range so the hook fires
     * even where code was translated before (hazard 2). Costly beyond its own calls: with a second
     * code hook Unicorn leaves the counting hook's fast path for every instruction; prefer
     * {@link UnicornEngine#watch} for hot addresses.
     */
    public Hook code(long begin, long end, Hooks.Code callback) {
        Hooks.Code cb = blocks != null && !blocks.steppingInsideRuns() ? countingCurrent(callback) : callback;
        Hook h = add(UC_HOOK_CODE, Upcalls.code(failures, cb, arena), MemorySegment.NULL, begin, end);
        if (blocks != null) { // the hook reads the count: its blocks are single-stepped
            long[] range = {begin, end};
            codeHookRanges.put(h.handle(), range);
            blocks.addStepRange(range);
        }
        engine.removeCache(begin, end + 1 - begin);
        return h;
    }

    /**
     * Under block counting stepped by a code hook ({@link CodeHookStep}) the counting hook is added after every Java
     * code hook, so it counts the current instruction after them: {@code callback} runs with the current instruction
     * counted, as the per-instruction scheme's hooks do ({@link UnicornEngine#countedInRun},
     * {@link UnicornEngine#stopAfterCurrent}, {@link UnicornEngine#stopBeforeCurrent}), and the count is put back
     * for the counting hook — which a stop before the current instruction skips.
     */
    private Hooks.Code countingCurrent(Hooks.Code callback) {
        return new Hooks.Code() {
            @Override
            public void onCode(long address) {
                onCode(address, 0);
            }

            @Override
            public void onCode(long address, int size) {
                long before = counter.executed();
                counter.setExecuted(before + 1);
                try {
                    callback.onCode(address, size);
                } finally {
                    counter.setExecuted(before);
                }
            }
        };
    }

    /**
     * Adds a Java block hook: {@code callback} gets each translated block's address and size in bytes before the block
     * runs (for observations and tests; a run's counting never needs it). Hooks translations made from now on only
     * (hazard 2): drops every translation.
     */
    public Hook block(Hooks.Code callback) {
        Hook h = add(UC_HOOK_BLOCK, Upcalls.code(failures, callback, arena), MemorySegment.NULL, 1, 0);
        engine.flushCache();
        return h;
    }

    /** Adds a hook for reads, writes and fetches of unmapped memory. */
    public Hook memUnmapped(Hooks.MemoryFault callback) {
        return add(UC_HOOK_MEM_UNMAPPED, Upcalls.memory(failures, callback, arena), MemorySegment.NULL, 1, 0);
    }

    /** Adds a hook for invalid instructions. */
    public Hook invalidInstruction(Hooks.InvalidInstruction callback) {
        return add(UC_HOOK_INSN_INVALID, Upcalls.invalid(failures, callback, arena), MemorySegment.NULL, 1, 0);
    }

    /** Adds a hook for CPU exceptions and software interrupts. */
    public Hook interrupt(Hooks.Interrupt callback) {
        MemorySegment upcall = Upcalls.interrupt(failures, callback, arena);
        if (blocks == null || !blocks.steppingInsideRuns()) {
            return add(UC_HOOK_INTR, upcall, MemorySegment.NULL, 1, 0);
        }
        blocks.switchInsideRuns(failures);
        // the trap flag's #DB while single-stepping is not the guest's: filtered natively, no upcall
        MemorySegment user = arena.allocate(16, 8);
        user.set(JAVA_LONG, 0, upcall.address());
        user.set(JAVA_LONG, 8, counter.segment().address());
        return add(UC_HOOK_INTR, StepFilterHook.function(), user, 1, 0);
    }

    /** While single-stepping without an interrupt hook: a native no-op one, so the trap flag's #DB is handled. */
    long addStepInterruptHook() {
        return add(UC_HOOK_INTR, NoOpHook.function(), MemorySegment.NULL, 1, 0).handle();
    }

    /** Removes a hook. */
    public void remove(Hook hook) {
        delete(hook.handle());
    }

    /** {@code uc_hook_del} of the hook {@code handle}, forgetting its single-stepped range if it had one. */
    void delete(long handle) {
        try {
            UnicornEngine.check("uc_hook_del", (int) lib.hookDel.invokeExact(uc, handle));
        } catch (UnicornException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
        long[] range = codeHookRanges.remove(handle);
        if (range != null) {
            blocks.removeStepRange(range);
        }
    }

    /**
     * Adds the counting hook of {@code counting} to a new engine, before anything is translated: the native
     * per-instruction hook, or the native block hook with its single-stepping; returns the block counter under
     * {@link Counting#BLOCK}, else null (nothing added when {@code counting} is null).
     */
    static BlockCounter addCounting(UnicornEngine engine, EngineArch arch, UnicornLibrary lib, MemorySegment uc,
                                    Arena arena, CounterBlock counter, Counting counting) {
        MemorySegment hh = arena.allocate(JAVA_LONG);
        if (counting != null) {
            lib.opened(counting);
        }
        if (counting == Counting.INSTRUCTION) {
            UnicornEngine.check("uc_hook_add(count)", add(lib, uc, hh, UC_HOOK_CODE, CountingHook.function(),
                    counter.segment(), 1, 0));
        }
        if (counting != Counting.BLOCK) {
            return null;
        }
        SingleStep step = arch.singleStep(lib, uc, arena, counter);
        UnicornEngine.check("uc_hook_add(block)", add(lib, uc, hh, UC_HOOK_BLOCK, step.blockHook(),
                counter.segment(), 1, 0));
        return new BlockCounter(engine, lib, uc, arena, counter, step);
    }

    /** {@code uc_hook_add} of {@code type} calling {@code callback} with {@code user}; the hook. */
    Hook add(int type, MemorySegment callback, MemorySegment user, long begin, long end) {
        MemorySegment hh = arena.allocate(JAVA_LONG);
        UnicornEngine.check("uc_hook_add(type 0x%x)".formatted(type), add(lib, uc, hh, type, callback, user, begin, end));
        return new Hook(hh.get(JAVA_LONG, 0));
    }

    static int add(UnicornLibrary lib, MemorySegment uc, MemorySegment out, int type, MemorySegment callback,
                   MemorySegment user, long begin, long end) {
        try {
            return (int) lib.hookAddCode.invokeExact(uc, out, type, callback, user, begin, end);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
