package dev.quiesce.emulator.unicorn;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * One loaded Unicorn 2 shared library, its version ({@code uc_version}) and the downcall handles of the functions
 * quiesce uses.
 *
 * <p>Which one {@link #preferred()} is: the file named by the system property {@value #PROPERTY} or the environment
 * variable {@value #ENV} when set (nothing else is tried); else the first 2.1-or-later library found by
 * {@link UnicornLocator} (the launcher's cache of the {@code unicorn} wheel, then an installed {@code unicorn} Python
 * package's); else the newest of those and the system's ({@code libunicorn.so.2}: Debian's {@code libunicorn2} 2.0.1). Several libraries may be
 * loaded in one process: each path is opened with its own {@code dlopen} without {@code RTLD_GLOBAL}, so two copies
 * with the same soname keep their own symbols (glibc matches an already loaded object by path and file identity, not
 * by the soname of a path it is asked to open).
 */
public final class UnicornLibrary {

    /** System property naming the library file or name. */
    static final String PROPERTY = "quiesce.unicorn.library";
    /** Environment variable naming the library file or name. */
    static final String ENV = "QUIESCE_UNICORN_LIBRARY";

    private static volatile UnicornLibrary instance;
    private static final Map<String, UnicornLibrary> LOADED = new ConcurrentHashMap<>();

    final SymbolLookup lookup;
    final String source;
    private final java.util.concurrent.atomic.AtomicLongArray opened =
            new java.util.concurrent.atomic.AtomicLongArray(Counting.values().length);
    private final int major;
    private final int minor;
    private final int patch;
    final MethodHandle open;
    final MethodHandle close;
    final MethodHandle version;
    final MethodHandle memMapPtr;
    final MethodHandle memUnmap;
    final MethodHandle regRead;
    final MethodHandle regWrite;
    final MethodHandle regReadBatch;
    final MethodHandle regWriteBatch;
    final MethodHandle emuStart;
    final MethodHandle emuStop;
    final MethodHandle hookAddCode;
    final MethodHandle hookAddIntr;
    final MethodHandle hookAddInsn;
    final MethodHandle hookDel;
    final MethodHandle contextAlloc;
    final MethodHandle contextSave;
    final MethodHandle contextRestore;
    final MethodHandle contextFree;
    final MethodHandle ctlTwoU64;
    final MethodHandle ctlNoArg;
    final MethodHandle ctlRequestCache;
    final MethodHandle memRead;
    final MemorySegment emuStopAddress;

    private UnicornLibrary(SymbolLookup lookup, String source) {
        this.lookup = lookup;
        this.source = source;
        Linker linker = Linker.nativeLinker();
        open = down(linker, "uc_open", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
        close = down(linker, "uc_close", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        version = down(linker, "uc_version", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        memMapPtr = down(linker, "uc_mem_map_ptr",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG, JAVA_INT, ADDRESS));
        memUnmap = down(linker, "uc_mem_unmap", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG));
        regRead = down(linker, "uc_reg_read", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS));
        regWrite = down(linker, "uc_reg_write", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS));
        FunctionDescriptor batch = FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_INT);
        regReadBatch = down(linker, "uc_reg_read_batch", batch);
        regWriteBatch = down(linker, "uc_reg_write_batch", batch);
        emuStart = down(linker, "uc_emu_start",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG));
        emuStop = down(linker, "uc_emu_stop", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        emuStopAddress = lookup.find("uc_emu_stop").orElseThrow();
        // uc_hook_add(uc, uc_hook *hh, int type, void *callback, void *user, u64 begin, u64 end, ...)
        FunctionDescriptor hookAdd = FunctionDescriptor.of(JAVA_INT,
                ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, JAVA_LONG);
        hookAddCode = downVariadic(linker, "uc_hook_add", hookAdd, 7);
        hookAddIntr = hookAddCode;
        // UC_HOOK_INSN takes the instruction id as its one variadic argument
        hookAddInsn = downVariadic(linker, "uc_hook_add", FunctionDescriptor.of(JAVA_INT,
                ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, JAVA_LONG, JAVA_INT), 7);
        hookDel = down(linker, "uc_hook_del", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
        contextAlloc = down(linker, "uc_context_alloc", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        contextSave = down(linker, "uc_context_save", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        contextRestore = down(linker, "uc_context_restore", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        contextFree = down(linker, "uc_context_free", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        // uc_ctl(uc, int ctl, ...): TB_REMOVE_CACHE takes two u64, TB_FLUSH none.
        ctlTwoU64 = downVariadic(linker, "uc_ctl",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_LONG, JAVA_LONG), 2);
        ctlNoArg = down(linker, "uc_ctl", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        // TB_REQUEST_CACHE takes a u64 address and a uc_tb* out
        ctlRequestCache = downVariadic(linker, "uc_ctl",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_LONG, ADDRESS), 2);
        memRead = down(linker, "uc_mem_read", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS, JAVA_LONG));
        int[] v = readVersion();
        major = v[0];
        minor = v[1];
        patch = v[2];
    }

    /** The process-wide preferred library ({@link #preferred()}), loaded on first use. */
    static UnicornLibrary get() {
        return preferred();
    }

    /**
     * The library engines use unless told otherwise: the configured one, else the first bundled 2.1-or-later one, else
     * the newest one found.
     *
     * @throws UnicornUnavailableException when none can be loaded or all are older than 2.0 (the message names what
     *                                     was found and how to install Unicorn)
     */
    public static UnicornLibrary preferred() {
        UnicornLibrary lib = instance;
        if (lib == null) {
            synchronized (UnicornLibrary.class) {
                lib = instance;
                if (lib == null) {
                    lib = choose();
                    instance = lib;
                }
            }
        }
        return lib;
    }

    /**
     * Every distinct Unicorn 2 library this machine offers (configuration aside): the bundled ones
     * ({@link UnicornLocator}) and the system's, newest first, one per version.
     */
    public static List<UnicornLibrary> available() {
        List<String> failures = new ArrayList<>();
        List<UnicornLibrary> found = new ArrayList<>();
        for (String candidate : allCandidates()) {
            UnicornLibrary lib = tryLoad(candidate, failures);
            if (lib != null && found.stream().noneMatch(f -> f.version().equals(lib.version()))) {
                found.add(lib);
            }
        }
        found.sort(Comparator.comparingInt(UnicornLibrary::versionNumber).reversed());
        return List.copyOf(found);
    }

    /** Where this library was loaded from (a path or a library name). */
    public String source() {
        return source;
    }

    /** The version {@code uc_version} reports, {@code major.minor.patch}. */
    public String version() {
        return major + "." + minor + "." + patch;
    }

    /** Whether this is Unicorn {@code major.minor} or later. */
    public boolean atLeast(int wantMajor, int wantMinor) {
        return major > wantMajor || (major == wantMajor && minor >= wantMinor);
    }

    /** Counted engines of this library opened with {@code counting} since the process started. */
    public long enginesOpened(Counting counting) {
        return opened.get(counting.ordinal());
    }

    void opened(Counting counting) {
        opened.incrementAndGet(counting.ordinal());
    }

    /** "Unicorn 2.1.4 (/path/libunicorn.so.2)": what a run header names. */
    public String describe() {
        return "Unicorn " + version() + " (" + source + ")";
    }

    @Override
    public String toString() {
        return describe();
    }

    private int versionNumber() {
        return (major << 16) | (minor << 8) | patch;
    }

    private static UnicornLibrary choose() {
        String configured = System.getProperty(PROPERTY);
        if (configured == null || configured.isBlank()) {
            configured = System.getenv(ENV);
        }
        if (configured != null && !configured.isBlank()) {
            return load(configured);
        }
        List<String> failures = new ArrayList<>();
        for (String candidate : UnicornLocator.bundledCandidates()) { // a 2.1 beside the system's: the first one
            UnicornLibrary lib = tryLoad(candidate, failures);
            if (lib != null && lib.atLeast(2, 1)) {
                return lib;
            }
        }
        UnicornLibrary best = null;
        for (String candidate : allCandidates()) {
            UnicornLibrary lib = tryLoad(candidate, failures);
            if (lib != null && (best == null || lib.versionNumber() > best.versionNumber())) {
                best = lib;
            }
        }
        if (best == null) {
            throw new UnicornUnavailableException(missingMessage(null, failures), null);
        }
        return best;
    }

    private static List<String> allCandidates() {
        List<String> all = new ArrayList<>(UnicornLocator.bundledCandidates());
        all.addAll(UnicornLocator.systemCandidates());
        return all;
    }

    /** Loads the library named by {@code configured} (a path or a name), or the preferred one when it is null. */
    public static UnicornLibrary load(String configured) {
        if (configured == null || configured.isBlank()) {
            return preferred();
        }
        List<String> failures = new ArrayList<>();
        UnicornLibrary lib = tryLoad(configured, failures);
        if (lib == null) {
            List<UnicornLibrary> found = available();
            throw new UnicornUnavailableException(missingMessage(configured, failures)
                    + (found.isEmpty() ? "" : "\nFound on this machine: "
                            + String.join(", ", found.stream().map(UnicornLibrary::describe).toList())
                            + " (unset the configuration to use the newest)"), null);
        }
        return lib;
    }

    private static UnicornLibrary tryLoad(String candidate, List<String> failures) {
        UnicornLibrary known = LOADED.get(candidate);
        if (known != null) {
            return known;
        }
        try {
            synchronized (LOADED) {
                known = LOADED.get(candidate);
                if (known != null) {
                    return known;
                }
                SymbolLookup lookup = candidate.contains("/")
                        ? SymbolLookup.libraryLookup(Path.of(candidate), Arena.global())
                        : SymbolLookup.libraryLookup(candidate, Arena.global());
                UnicornLibrary lib = new UnicornLibrary(lookup, candidate);
                if (lib.major < 2) {
                    failures.add(candidate + " (Unicorn " + lib.version() + ": too old)");
                    return null;
                }
                ProcessMemory.disableTransparentHugePages();
                LOADED.put(candidate, lib);
                return lib;
            }
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            failures.add(candidate + (candidate.contains("/") && !Files.exists(Path.of(candidate))
                    ? " (no such file)" : " (" + e.getMessage() + ")"));
            return null;
        }
    }

    static String missingMessage(String configured, List<String> failures) {
        return "Unicorn 2 (libunicorn, 2.0 or later) could not be loaded; tried: " + String.join(", ", failures) + ".\n"
                + (configured == null || configured.isBlank() ? "" : "It was configured by -D" + PROPERTY
                        + " or " + ENV + "; check that path.\n")
                + "Install it:  apt-get install -y libunicorn2   (Debian/Ubuntu, 2.0.1)   or   pip install unicorn=="
                + UnicornLocator.WHEEL_VERSION + "   (its wheel bundles libunicorn.so.2; ./quiesce does this itself)"
                + "   or   brew install unicorn   (macOS).\n"
                + "Or point quiesce at a copy:  -D" + PROPERTY + "=/path/to/libunicorn.so.2   or   "
                + ENV + "=/path/to/libunicorn.so.2";
    }

    /**
     * {@code uc_version}: Unicorn 2 returns {@code major << 24 | minor << 16 | patch << 8 | extra} and fills in
     * major and minor; Unicorn 1 returned {@code major << 8 | minor}.
     */
    private int[] readVersion() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment maj = arena.allocate(JAVA_INT);
            MemorySegment min = arena.allocate(JAVA_INT);
            int v = (int) version.invokeExact(maj, min);
            int ma = maj.get(JAVA_INT, 0);
            int mi = min.get(JAVA_INT, 0);
            int pa = ma >= 2 && (v >>> 24) == ma ? (v >>> 8) & 0xff : 0;
            return new int[] {ma, mi, pa};
        } catch (Throwable t) {
            throw new IllegalStateException("uc_version failed", t);
        }
    }

    private MethodHandle down(Linker linker, String name, FunctionDescriptor fd) {
        MemorySegment address = lookup.find(name)
                .orElseThrow(() -> new UnsupportedOperationException("symbol " + name + " missing"));
        return linker.downcallHandle(address, fd);
    }

    private MethodHandle downVariadic(Linker linker, String name, FunctionDescriptor fd, int firstVariadic) {
        MemorySegment address = lookup.find(name)
                .orElseThrow(() -> new UnsupportedOperationException("symbol " + name + " missing"));
        return linker.downcallHandle(address, fd, Linker.Option.firstVariadicArg(firstVariadic));
    }
}
