package dev.quiesce.emulator.unicorn;

import dev.quiesce.isa.Arch;

/**
 * The factory of {@link UnicornEngine}s: opens engines (counted or not, of the default or a given library, for x86-64
 * or AArch64) and answers the process-wide questions about the library they run on.
 */
public final class UnicornEngines {

    private UnicornEngines() {
    }

    /**
     * Opens an x86-64 engine of the preferred library ({@link UnicornLibrary#preferred()}) counting as configured
     * ({@link Counting#configuredFor}), or as {@link EngineDefaults#with} says: {@link UnicornEngine#run} is
     * available.
     *
     * @throws UnicornUnavailableException if libunicorn cannot be loaded (the message says what to do)
     */
    public static UnicornEngine open() {
        return open(Arch.X86_64);
    }

    /**
     * Opens an engine for {@code arch} of the default library counting as configured
     * ({@link EngineDefaults#counting(UnicornLibrary, Arch)}; aarch64 per instruction unless told otherwise).
     *
     * @throws UnicornUnavailableException if libunicorn cannot be loaded (the message says what to do)
     */
    public static UnicornEngine open(Arch arch) {
        UnicornLibrary lib = EngineDefaults.library();
        return new UnicornEngine(EngineArch.of(arch), lib, EngineDefaults.counting(lib, arch));
    }

    /** Opens a counted engine of the default library ({@link EngineDefaults#library()}) with the given scheme. */
    public static UnicornEngine open(Counting counting) {
        return new UnicornEngine(X86EngineArch.INSTANCE, EngineDefaults.library(), counting);
    }

    /** Opens a counted x86-64 engine of {@code library} with the given counting scheme. */
    public static UnicornEngine open(UnicornLibrary library, Counting counting) {
        return new UnicornEngine(X86EngineArch.INSTANCE, library, counting);
    }

    /** Opens a counted engine for {@code arch} of {@code library} with the given counting scheme. */
    public static UnicornEngine open(Arch arch, UnicornLibrary library, Counting counting) {
        return new UnicornEngine(EngineArch.of(arch), library, counting);
    }

    /** Opens an engine without the counting hook (baselines, hazard tests): only {@link UnicornEngine#emuStart}. */
    public static UnicornEngine openUncounted() {
        return new UnicornEngine(X86EngineArch.INSTANCE, EngineDefaults.library(), null);
    }

    /** Opens an x86-64 engine of {@code library} without a counting hook. */
    public static UnicornEngine openUncounted(UnicornLibrary library) {
        return new UnicornEngine(X86EngineArch.INSTANCE, library, null);
    }

    /** Opens an engine for {@code arch} of {@code library} without a counting hook. */
    public static UnicornEngine openUncounted(Arch arch, UnicornLibrary library) {
        return new UnicornEngine(EngineArch.of(arch), library, null);
    }

    /** Where libunicorn was loaded from (loading it first: fails early, with the install hint, when it is missing). */
    public static String librarySource() {
        return UnicornLibrary.get().source();
    }

    /** The preferred library, loaded: what {@link #open()} uses. */
    public static UnicornLibrary library() {
        return UnicornLibrary.get();
    }

    /**
     * Process-wide tallies of block counting, for benchmarks: runs, stops by the block hook, entries to and exits from
     * single-stepping, blocks learned, table clears.
     */
    public static String blockCountingTallies() {
        return BlockCounter.tallies();
    }
}
