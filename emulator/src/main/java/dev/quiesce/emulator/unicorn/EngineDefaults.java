package dev.quiesce.emulator.unicorn;

import dev.quiesce.isa.Arch;

import java.util.function.Supplier;

/**
 * What {@link UnicornEngines#open()} uses when the caller names nothing: the preferred library and its configured
 * counting scheme — or, inside {@link #with}, a library and scheme chosen for one stretch of work (a benchmark
 * measuring each configuration in one process, a test comparing trace hashes across them). One stretch at a time:
 * {@link #with} holds a process-wide lock, so engines opened on any thread during it (a host's CPUs) get the choice.
 */
public final class EngineDefaults {

    private static final Object LOCK = new Object();
    private static volatile UnicornLibrary library;
    private static volatile Counting counting;

    private EngineDefaults() {
    }

    /** Runs {@code body} with engines opened by {@link UnicornEngines#open()} using {@code lib} and {@code scheme}. */
    public static <T> T with(UnicornLibrary lib, Counting scheme, Supplier<T> body) {
        synchronized (LOCK) {
            UnicornLibrary oldLibrary = library;
            Counting oldCounting = counting;
            library = lib;
            counting = scheme;
            try {
                return body.get();
            } finally {
                library = oldLibrary;
                counting = oldCounting;
            }
        }
    }

    /** The library of an engine opened now without one named. */
    public static UnicornLibrary library() {
        UnicornLibrary lib = library;
        return lib != null ? lib : UnicornLibrary.preferred();
    }

    /** The counting scheme of an x86-64 engine of {@code lib} opened now without one named. */
    public static Counting counting(UnicornLibrary lib) {
        return counting(lib, Arch.X86_64);
    }

    /** The counting scheme of an {@code arch} engine of {@code lib} opened now without one named. */
    public static Counting counting(UnicornLibrary lib, Arch arch) {
        Counting c = counting;
        return c != null ? c : Counting.configuredFor(lib, arch);
    }
}
