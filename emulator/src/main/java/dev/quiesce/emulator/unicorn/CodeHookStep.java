package dev.quiesce.emulator.unicorn;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Single-stepping without a trap flag (aarch64, toolchain-and-unicorn.md hazard A6): while a block is stepped, the
 * native per-instruction {@link CountingHook} is added as a code hook over the stepped range — it counts, stops at
 * the budget and records arrivals at the watched address exactly as under {@link Counting#INSTRUCTION} — and the
 * range's translations are dropped before and after, since a hook reaches only code translated after it was added
 * (hazard 2). The block hook variant {@link BlockHook#codeStepFunction()} adds nothing for a block in the range.
 *
 * <p>The hook covers the range and {@value #SLACK} bytes beyond it: a block entered in the middle of the range ends
 * where the block at its start ends (at a branch or a page boundary), except when QEMU cut that one at its
 * 512-instruction limit; the slack covers such a block's overhang. Every instruction is 4 bytes, so the
 * instructions before a fault inside a whole block are {@code (pc - start) / 4}.
 */
final class CodeHookStep implements SingleStep {

    private static final long SLACK = 4L * 512;

    private final UnicornLibrary lib;
    private final MemorySegment uc;
    private final MemorySegment block;
    private final MemorySegment out;
    private long hook;
    private long from;
    private long to;

    CodeHookStep(UnicornLibrary lib, MemorySegment uc, Arena arena, CounterBlock counter) {
        this.lib = lib;
        this.uc = uc;
        this.block = counter.segment();
        this.out = arena.allocate(JAVA_LONG);
    }

    @Override
    public int pcRegister() {
        return Arm64Reg.PC;
    }

    @Override
    public MemorySegment blockHook() {
        return BlockHook.codeStepFunction();
    }

    @Override
    public boolean insideRuns() {
        return false;
    }

    @Override
    public int instructionLength() {
        return 4;
    }

    @Override
    public void set(UnicornEngine engine, boolean on) {
        if (on && hook == 0) {
            from = block.get(JAVA_LONG, BlockCounter.STEP_FROM);
            to = block.get(JAVA_LONG, BlockCounter.STEP_TO) + SLACK;
            UnicornEngine.check("uc_hook_add(step)", EngineHooks.add(lib, uc, out, EngineHooks.UC_HOOK_CODE,
                    CountingHook.function(), block, from, to - 1));
            hook = out.get(JAVA_LONG, 0);
            EngineCache.drop(lib, uc, from, to);
        } else if (!on && hook != 0) {
            long h = hook;
            hook = 0;
            try {
                UnicornEngine.check("uc_hook_del(step)", (int) lib.hookDel.invokeExact(uc, h));
            } catch (UnicornException e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
            EngineCache.drop(lib, uc, from, to);
        }
    }

    @Override
    public long begin(UnicornEngine engine) {
        throw new UnsupportedOperationException("instructions are " + instructionLength() + " bytes");
    }

    @Override
    public void restore(UnicornEngine engine, long saved) {
        throw new UnsupportedOperationException("instructions are " + instructionLength() + " bytes");
    }

    @Override
    public boolean mustStep(MemorySegment code, int n) {
        return false;
    }
}
