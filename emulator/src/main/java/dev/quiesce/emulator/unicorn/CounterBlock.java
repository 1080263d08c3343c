package dev.quiesce.emulator.unicorn;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * One engine's {@code user_data} block of its counting hook ({@link CountingHook} or {@link BlockHook}, which share
 * the first fields): instructions executed, budget, stop address, and the watched address with its hit buffer; the
 * block hook's own fields follow ({@link BlockCounter}). Read and written between runs (and, for
 * {@link #uncountCurrent()}, from inside a hook), always on the engine's current thread.
 */
final class CounterBlock {

    private final Arena arena;
    private final MemorySegment block;
    private MemorySegment watchBuffer;

    CounterBlock(Arena arena, MemorySegment stopFunction) {
        this.arena = arena;
        this.block = arena.allocate(BlockCounter.SIZE, 8);
        block.set(JAVA_LONG, CountingHook.STOP_FN, stopFunction.address());
        block.set(JAVA_LONG, CountingHook.WATCH_ADDRESS, -1L);
        block.set(JAVA_LONG, CountingHook.STOP_ADDRESS, -1L);
    }

    /** The block, passed to {@code uc_hook_add} as the hook's {@code user_data}. */
    MemorySegment segment() {
        return block;
    }

    /** Prepares a run of at most {@code budget} instructions. */
    void start(long budget) {
        block.set(JAVA_LONG, CountingHook.EXECUTED, 0L);
        block.set(JAVA_LONG, CountingHook.BUDGET, budget);
    }

    /** Instructions counted in the current or last run. */
    long executed() {
        return block.get(JAVA_LONG, CountingHook.EXECUTED);
    }

    /** Sets the instructions counted in the current run (from a hook, {@link EngineHooks}). */
    void setExecuted(long executed) {
        block.set(JAVA_LONG, CountingHook.EXECUTED, executed);
    }

    /** From a hook that stops the run before the current instruction: do not count it. */
    void uncountCurrent() {
        block.set(JAVA_LONG, CountingHook.EXECUTED, executed() - 1);
    }

    /** From a hook inside an instruction: the run stops before the next one (which is not counted). */
    void stopAfterCurrent() {
        block.set(JAVA_LONG, CountingHook.BUDGET, executed());
    }

    void watch(long address, int capacity) {
        MemorySegment buffer = arena.allocate((long) capacity * 8, 8);
        block.set(JAVA_LONG, CountingHook.WATCH_BUFFER, buffer.address());
        block.set(JAVA_LONG, CountingHook.WATCH_CAPACITY, capacity);
        block.set(JAVA_LONG, CountingHook.WATCH_HITS, 0L);
        block.set(JAVA_LONG, CountingHook.WATCH_ADDRESS, address);
        watchBuffer = buffer;
    }

    void stopAt(long address) {
        block.set(JAVA_LONG, CountingHook.STOP_ADDRESS, address);
    }

    void stopAtWatch(boolean stop) {
        block.set(JAVA_LONG, CountingHook.WATCH_STOP, stop ? 1L : 0L);
    }

    /** Copies the recorded hits into {@code out}, clears them, returns how many there were. */
    int drain(long[] out) {
        int n = (int) block.get(JAVA_LONG, CountingHook.WATCH_HITS);
        if (n > 0) {
            MemorySegment.copy(watchBuffer, JAVA_LONG, 0, out, 0, n);
            block.set(JAVA_LONG, CountingHook.WATCH_HITS, 0L);
        }
        return n;
    }
}
