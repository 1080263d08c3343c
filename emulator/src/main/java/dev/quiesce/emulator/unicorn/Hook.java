package dev.quiesce.emulator.unicorn;

/**
 * A hook registered on an engine ({@code uc_hook}), for {@link UnicornEngine#removeHook}.
 *
 * @param handle Unicorn's hook handle
 */
public record Hook(long handle) {
}
