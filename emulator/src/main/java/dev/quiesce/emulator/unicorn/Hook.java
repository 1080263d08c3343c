package dev.quiesce.emulator.unicorn;

/**
 * A hook registered on an engine ({@code uc_hook}), for {@link EngineHooks#remove}.
 *
 * @param handle Unicorn's hook handle
 */
public record Hook(long handle) {
}
