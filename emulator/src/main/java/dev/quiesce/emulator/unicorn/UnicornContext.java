package dev.quiesce.emulator.unicorn;

import java.lang.foreign.MemorySegment;

/**
 * A saved register state of an engine ({@code uc_context}); freed when its engine closes.
 *
 * @param pointer the native {@code uc_context*}
 */
public record UnicornContext(MemorySegment pointer) {
}
