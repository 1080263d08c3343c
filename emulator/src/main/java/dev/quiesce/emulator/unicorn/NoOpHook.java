package dev.quiesce.emulator.unicorn;

import java.lang.foreign.MemorySegment;

/**
 * A native hook that does nothing ({@code ret}): as {@code UC_HOOK_INTR} it makes Unicorn treat an interrupt as
 * handled and go on, which is what the trap flag's #DB after each single-stepped instruction needs under
 * {@link Counting#BLOCK} (without any interrupt hook Unicorn ends the run with {@code UC_ERR_EXCEPTION}).
 */
final class NoOpHook {

    private static final class Holder {
        static final MemorySegment PAGE = ProcessMemory.executablePage(new byte[] {(byte) 0xC3});
    }

    private NoOpHook() {
    }

    /** The address of the hook function. */
    static MemorySegment function() {
        return Holder.PAGE;
    }
}
