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
import java.util.List;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The loaded Unicorn 2 shared library and the downcall handles of the functions quiesce uses.
 *
 * <p>Where it is found: the system property {@value #PROPERTY}, else the environment variable
 * {@value #ENV}, else the dynamic linker's search for {@code libunicorn.so.2} (Debian's
 * {@code libunicorn2}), {@code libunicorn.so}, {@code libunicorn.2.dylib}, {@code libunicorn.dylib}.
 */
final class UnicornLibrary {

    /** System property naming the library file or name. */
    static final String PROPERTY = "quiesce.unicorn.library";
    /** Environment variable naming the library file or name. */
    static final String ENV = "QUIESCE_UNICORN_LIBRARY";

    private static final List<String> DEFAULT_NAMES =
            List.of("libunicorn.so.2", "libunicorn.so", "libunicorn.2.dylib", "libunicorn.dylib");

    private static volatile UnicornLibrary instance;

    final SymbolLookup lookup;
    final String source;
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
    }

    /** The process-wide library, loaded on first use. */
    static UnicornLibrary get() {
        UnicornLibrary lib = instance;
        if (lib == null) {
            synchronized (UnicornLibrary.class) {
                lib = instance;
                if (lib == null) {
                    lib = load();
                    instance = lib;
                }
            }
        }
        return lib;
    }

    /** Where the library was loaded from (a path or a library name). */
    String source() {
        return source;
    }

    private static UnicornLibrary load() {
        String configured = System.getProperty(PROPERTY);
        if (configured == null || configured.isBlank()) {
            configured = System.getenv(ENV);
        }
        return load(configured);
    }

    /** Loads the library named by {@code configured}, or by the default names when it is null. */
    static UnicornLibrary load(String configured) {
        List<String> candidates = configured == null || configured.isBlank() ? DEFAULT_NAMES : List.of(configured);
        List<String> failures = new ArrayList<>();
        for (String candidate : candidates) {
            try {
                SymbolLookup lookup = candidate.contains("/")
                        ? SymbolLookup.libraryLookup(Path.of(candidate), Arena.global())
                        : SymbolLookup.libraryLookup(candidate, Arena.global());
                UnicornLibrary lib = new UnicornLibrary(lookup, candidate);
                lib.checkVersion();
                ProcessMemory.disableTransparentHugePages();
                return lib;
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                failures.add(candidate + (candidate.contains("/") && !Files.exists(Path.of(candidate))
                        ? " (no such file)" : " (" + e.getMessage() + ")"));
            }
        }
        throw new UnicornUnavailableException(missingMessage(configured, failures), null);
    }

    static String missingMessage(String configured, List<String> failures) {
        return "Unicorn 2 (libunicorn) could not be loaded; tried: " + String.join(", ", failures) + ".\n"
                + (configured == null || configured.isBlank() ? "" : "It was configured by -D" + PROPERTY
                        + " or " + ENV + "; check that path.\n")
                + "Install it:  apt-get install -y libunicorn2   (Debian/Ubuntu)   or   brew install unicorn   (macOS).\n"
                + "Or point quiesce at a copy:  -D" + PROPERTY + "=/path/to/libunicorn.so.2   or   "
                + ENV + "=/path/to/libunicorn.so.2";
    }

    private void checkVersion() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment major = arena.allocate(JAVA_INT);
            MemorySegment minor = arena.allocate(JAVA_INT);
            int v = (int) version.invokeExact(major, minor);
            if (major.get(JAVA_INT, 0) < 2) {
                throw new UnsupportedOperationException("version %d.%d found, quiesce needs Unicorn 2.0 or later"
                        .formatted(major.get(JAVA_INT, 0), minor.get(JAVA_INT, 0)) + " (0x" + Integer.toHexString(v) + ")");
            }
        } catch (UnsupportedOperationException e) {
            throw e;
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
