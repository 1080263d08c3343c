package dev.quiesce.emulator.unicorn;

import dev.quiesce.isa.Arch;

import java.util.Locale;

/**
 * How an engine counts the instructions of a {@link UnicornEngine#run}: both schemes stop after exactly the budget,
 * record every arrival at the watched address with the exact count before it, and count a faulting instruction as
 * executed; they differ only in cost.
 */
public enum Counting {
    /** A native code hook on every instruction ({@link CountingHook}): the original scheme. */
    INSTRUCTION,
    /**
     * A native block hook adding each translated block's instruction count ({@link BlockHook}), the last block before
     * the budget (and any block that needs it) single-stepped: on x86-64 with the trap flag, on aarch64 with a
     * temporary per-instruction code hook (toolchain-and-unicorn.md, hazard A6).
     */
    BLOCK;

    /** System property choosing the scheme of engines opened without one. */
    public static final String PROPERTY = "quiesce.emulator.counting";
    /** Environment variable choosing it when the property is not set. */
    public static final String ENV = "QUIESCE_COUNTING";

    /**
     * The scheme engines of {@code library} use when none is named: {@value #PROPERTY}, else {@value #ENV}, else
     * {@link #BLOCK} on Unicorn 2.1 or later and {@link #INSTRUCTION} on 2.0 — where a data fault inside a block
     * leaves RIP at the block's start, so block counting could not say which instruction faulted
     * (toolchain-and-unicorn.md, hazard 8).
     */
    public static Counting configuredFor(UnicornLibrary library) {
        return configuredFor(library, Arch.X86_64);
    }

    /**
     * The scheme {@code arch} engines of {@code library} use when none is named: the system property
     * {@value #PROPERTY}, else the environment variable {@value #ENV}, else the configuration's
     * {@code quiesce.emulator.counting} ({@link EmulatorSettings}; reference.conf says {@code auto}), else for
     * {@code auto}: on x86-64 as {@link #configuredFor(UnicornLibrary)} says; on aarch64 {@link #INSTRUCTION} on both
     * versions — its block counting steps each quantum's tail with a code hook, which
     * drops and re-translates the tail block twice per quantum: measured 4-5 times slower than per-instruction
     * counting at quanta of 2,000 instructions, 1.8 times faster at 100,000 on 2.1 (toolchain-and-unicorn.md,
     * hazard A6).
     */
    public static Counting configuredFor(UnicornLibrary library, Arch arch) {
        String v = System.getProperty(PROPERTY);
        if (v == null || v.isBlank()) {
            v = System.getenv(ENV);
        }
        if (v != null && !v.isBlank()) {
            return parse(v);
        }
        return EmulatorSettings.load().counting().orElseGet(() -> defaultFor(library, arch));
    }

    /** The scheme when nothing is configured: block on x86-64 with Unicorn 2.1 or later, else instruction. */
    static Counting defaultFor(UnicornLibrary library, Arch arch) {
        return arch == Arch.X86_64 && library.atLeast(2, 1) ? BLOCK : INSTRUCTION;
    }

    /** {@code instruction} or {@code block}. */
    public static Counting parse(String name) {
        return switch (name.strip().toLowerCase(Locale.ROOT)) {
            case "instruction" -> INSTRUCTION;
            case "block" -> BLOCK;
            default -> throw new IllegalArgumentException("counting scheme '" + name
                    + "' is not one of instruction, block (" + PROPERTY + " / " + ENV + ")");
        };
    }

    /** The name {@link #parse} reads. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
