/**
 * A hand-written binding of the Unicorn 2 emulator (Debian's {@code libunicorn2} 2.0.1, the {@code unicorn} wheel's
 * 2.1.4, side by side: {@link dev.quiesce.emulator.unicorn.UnicornLibrary}) over {@code java.lang.foreign}: engines
 * for x86-64 and AArch64 (the architecture-specific parts behind {@code EngineArch}; register ids in
 * {@link dev.quiesce.emulator.unicorn.X86Reg} and {@link dev.quiesce.emulator.unicorn.Arm64Reg}), shared memory
 * mapping, registers, counted runs (per instruction or per block, on both architectures:
 * {@link dev.quiesce.emulator.unicorn.Counting}), hooks, contexts and translation-cache control. Engines are opened by
 * {@link dev.quiesce.emulator.unicorn.UnicornEngines}; each {@link dev.quiesce.emulator.unicorn.UnicornEngine}'s
 * hooks are its {@link dev.quiesce.emulator.unicorn.EngineHooks}, its savable register state (register files, SSE
 * state, contexts) its {@link dev.quiesce.emulator.unicorn.RegisterState}.
 *
 * <p>Every hazard in {@code docs/toolchain-and-unicorn.md} is handled here: host code
 * writes invalidate translations ({@link dev.quiesce.emulator.unicorn.UnicornEngine#mapShared}),
 * single-address hooks invalidate their address, runs are counted by a native hook installed before
 * any translation and restarted at the recorded block when a block hook stopped them, and no exception ever leaves an
 * upcall. The AArch64 hazards (A1–A9 in the same document) are pinned by {@code Arm64HazardsTest}.
 */
package dev.quiesce.emulator.unicorn;
