package dev.quiesce.usercode;

import dev.quiesce.guest.GuestObject;

import dev.quiesce.io.Trees;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The compiler of a user's C code: gcc as a subprocess, one object per source, with {@link UserFlags}, the runtime's
 * headers through {@code -isystem} (extracted to a temporary folder), and the user's {@code -D}/{@code -I} only.
 *
 * <p>gcc runs in the source's folder, which is mapped away ({@code -ffile-prefix-map}: the folder becomes {@code .},
 * its files their paths in it, {@code work.c}), so {@code __FILE__}, assertion messages and the DWARF line table
 * name files relatively: a tree compiles to the same
 * bytes wherever it lies, and a base and a patched tree differ only where their code does. A compile error is a
 * {@link CompileException} with gcc's own messages ({@code file:line:col: error: …}); nothing is written outside a
 * temporary folder, which is deleted. Objects are kept in a process-wide cache keyed by the SHA-256 of everything
 * that decides their bytes ({@link ObjectCache}).
 */
public final class GuestCompiler {

    private static final AtomicLong GCC_RUNS = new AtomicLong();
    /** Where the temporary folder (the runtime's headers, the prelude) appears in debug info and {@code __FILE__}. */
    private static final String TEMP_LABEL = "/quiesce";

    private final Gcc gcc;

    /** A compiler that runs {@code gcc} from the PATH. */
    public GuestCompiler() {
        this("gcc");
    }

    /** A compiler that runs {@code command} (a gcc). */
    public GuestCompiler(String command) {
        this.gcc = new Gcc(command);
    }

    /**
     * Compiles {@code sources} (from {@link Sources#of}) in order.
     *
     * @return one object per source, named {@link SourceFile#objectName()}, in the order of {@code sources}
     * @throws CompileException      with gcc's messages when a source does not compile
     * @throws IllegalStateException when gcc is missing or does not target x86-64
     */
    public List<GuestObject> compile(List<SourceFile> sources, CompileOptions options) {
        String identity = gcc.identity();
        Path gccInclude = Path.of(gcc.includeDir());
        CacheKeys keys = new CacheKeys(identity, options);
        List<GuestObject> out = new ArrayList<>();
        Path tmp = null;
        try {
            for (SourceFile s : sources) {
                String key = keys.of(s);
                byte[] cached = ObjectCache.get(key);
                if (cached == null) {
                    if (tmp == null) {
                        tmp = Files.createTempDirectory("quiesce-cc");
                        writeHeaders(tmp.resolve("include"), options.systemHeaders());
                        Files.createDirectories(tmp.resolve("prelude"));
                        Files.writeString(tmp.resolve("prelude").resolve(UserFlags.PRELUDE_NAME), UserFlags.PRELUDE);
                    }
                    cached = compileOne(s, options, tmp, gccInclude);
                    ObjectCache.put(key, cached);
                }
                out.add(new GuestObject(s.objectName(), cached));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use a temporary folder for gcc: " + e.getMessage(), e);
        } finally {
            delete(tmp);
        }
        return List.copyOf(out);
    }

    /** How many times gcc compiled a source in this process (cache misses), for tests and benchmarks. */
    public static long gccRuns() {
        return GCC_RUNS.get();
    }

    /** The gcc arguments for {@code s}, writing {@code out}, with the system headers and the prelude in {@code tmp}. */
    static List<String> arguments(SourceFile s, CompileOptions o, Path tmp, Path gccInclude, Path out) {
        List<String> args = new ArrayList<>(UserFlags.FLAGS);
        args.add("-fdiagnostics-plain-output");
        for (int i = 0; i < o.includes().size(); i++) {
            args.add("-ffile-prefix-map=" + o.includes().get(i) + "=" + includeLabel(o.includes().get(i)));
        }
        args.add("-ffile-prefix-map=" + gccInclude + "=/gcc/include");
        args.add("-ffile-prefix-map=" + tmp + "=" + TEMP_LABEL);
        args.add("-ffile-prefix-map=" + s.root() + "=.");   // the compilation folder: "."
        args.add("-ffile-prefix-map=" + s.root() + "/=");   // its files, later and so winning: "work.c", "sub/x.c"
        args.add("-include");
        args.add(tmp.resolve("prelude").resolve(UserFlags.PRELUDE_NAME).toString());
        args.add("-isystem");
        args.add(tmp.resolve("include").toString());
        args.add("-isystem");
        args.add(gccInclude.toString());
        for (Path inc : o.includes()) {
            args.add("-I");
            args.add(inc.toString());
        }
        o.defines().forEach(d -> args.add("-D" + d));
        args.add("-o");
        args.add(out.toString());
        args.add(s.path().toString());
        return args;
    }

    /** The name an include folder has in debug info: its own name (its absolute path is mapped away). */
    static String includeLabel(Path include) {
        return include.getFileName() == null ? "include" : include.getFileName().toString();
    }

    private byte[] compileOne(SourceFile s, CompileOptions o, Path tmp, Path gccInclude) throws IOException {
        Path out = tmp.resolve("o" + GCC_RUNS.get() + ".o");
        GCC_RUNS.incrementAndGet();
        Gcc.Run r = gcc.run(arguments(s, o, tmp, gccInclude, out), s.root());
        if (r.exit() != 0 || !Files.isRegularFile(out)) {
            throw new CompileException(s.path(), r.output());
        }
        return Files.readAllBytes(out);
    }

    private static void writeHeaders(Path dir, Map<String, byte[]> headers) throws IOException {
        Files.createDirectories(dir);
        for (var e : headers.entrySet()) {
            Path f = dir.resolve(e.getKey());
            Files.createDirectories(f.getParent());
            Files.write(f, e.getValue());
        }
    }

    /** Deletes a scratch folder; one left behind is harmless (the objects were read). */
    static void delete(Path dir) {
        try {
            Trees.delete(dir);
        } catch (IOException e) {
            // a temporary folder left behind is harmless; the objects were read
        }
    }
}
