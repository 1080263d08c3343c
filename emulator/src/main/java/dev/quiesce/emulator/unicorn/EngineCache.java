package dev.quiesce.emulator.unicorn;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * One engine's translation-cache control through {@code uc_ctl} (toolchain-and-unicorn.md, "Calling Unicorn through
 * FFM"): dropping the blocks of a range or all of them — and telling block counting, whose learned counts go with
 * them — and asking which block Unicorn translates at an address.
 */
final class EngineCache {

    private static final int CTL_TB_REMOVE_CACHE = 0x48000009;
    private static final int CTL_TB_FLUSH = 0x4000000a;

    private final UnicornLibrary lib;
    private final MemorySegment uc;
    private final MemorySegment tb;
    private final BlockCounter blocks;

    EngineCache(UnicornLibrary lib, MemorySegment uc, Arena arena, BlockCounter blocks) {
        this.lib = lib;
        this.uc = uc;
        this.tb = arena.allocate(16, 8);
        this.blocks = blocks;
    }

    /** {@code {instruction count, size in bytes}} of the block Unicorn translates at {@code pc} now. */
    int[] translatedBlock(long pc) {
        try {
            int rc = (int) lib.ctlRequestCache.invokeExact(uc, BlockCounter.CTL_TB_REQUEST_CACHE, pc, tb);
            UnicornEngine.check("uc_ctl(TB_REQUEST_CACHE)", rc);
        } catch (UnicornException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
        return new int[] {Short.toUnsignedInt(tb.get(JAVA_SHORT, 8)), Short.toUnsignedInt(tb.get(JAVA_SHORT, 10))};
    }

    void remove(long address, long length) {
        drop(lib, uc, address, address + length);
        if (blocks != null) {
            blocks.forget(address, length);
        }
    }

    /** {@code UC_CTL_TB_REMOVE_CACHE} of {@code [begin, end)} alone (block counting keeps what it learned). */
    static void drop(UnicornLibrary lib, MemorySegment uc, long begin, long end) {
        try {
            int rc = (int) lib.ctlTwoU64.invokeExact(uc, CTL_TB_REMOVE_CACHE, begin, end);
            UnicornEngine.check("uc_ctl(TB_REMOVE_CACHE)", rc);
        } catch (UnicornException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    void flush() {
        try {
            UnicornEngine.check("uc_ctl(TB_FLUSH)", (int) lib.ctlNoArg.invokeExact(uc, CTL_TB_FLUSH));
        } catch (UnicornException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
        if (blocks != null) {
            blocks.clear();
        }
    }
}
