/**
 * A hand-written binding of the Unicorn 2 emulator (Debian {@code libunicorn2}) over
 * {@code java.lang.foreign}: engines, shared memory mapping, registers, counted runs, hooks,
 * contexts and translation-cache control.
 *
 * <p>Every hazard in {@code docs/toolchain-and-unicorn.md} is handled here: host code
 * writes invalidate translations ({@link dev.quiesce.emulator.unicorn.UnicornEngine#mapShared}),
 * single-address hooks invalidate their address, runs are counted by a native hook installed before
 * any translation, and no exception ever leaves an upcall.
 */
package dev.quiesce.emulator.unicorn;
