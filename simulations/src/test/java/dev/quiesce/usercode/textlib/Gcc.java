package dev.quiesce.usercode.textlib;

import dev.quiesce.guest.GuestObjects;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Test support: gcc on the textlib sources, two ways — as the tool compiles a user's guest code (the
 * user flags of docs/own-code.md, {@link GuestObjects#runtimeFlags()}: position-independent, one section
 * per function and object, hidden visibility, frame pointers, SSE allowed, only the runtime's headers)
 * and natively for the host with its C library (the oracle the
 * guest's output is compared with: same source, native vs emulated).
 */
final class Gcc {

    /** Warnings are errors for the library: it must compile clean against the runtime's headers. */
    static final List<String> WARNINGS = List.of("-Wall", "-Wextra", "-Werror");

    private Gcc() {
    }

    /**
     * Compiles every {@code .c} of {@code tree} with the user flags into {@code out/<name>.o}. gcc runs in
     * the tree with relative file names, so {@code __FILE__} (assert messages) is the same for a base and a
     * patched tree wherever they are.
     */
    static List<Path> compileUser(Path tree, Path out, List<String> includes) {
        return compileUser(tree, out, includes, name -> true);
    }

    /**
     * As {@link #compileUser(Path, Path, List)}, but only the sources {@code compile} accepts are compiled;
     * the others' objects are taken from {@code reuse} (a build of the same, unchanged files), as make would.
     */
    static List<Path> compileUser(Path tree, Path out, List<String> includes, Predicate<String> compile, Path reuse) {
        List<Path> objects = compileUser(tree, out, includes, compile);
        for (Path c : Textlib.sources(tree)) {
            String name = c.getFileName().toString();
            if (name.endsWith(".c") && !compile.test(name)) {
                Path o = out.resolve(name.substring(0, name.length() - 2) + ".o");
                try {
                    Files.copy(reuse.resolve(o.getFileName()), o, StandardCopyOption.REPLACE_EXISTING);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                objects.add(o);
            }
        }
        return objects;
    }

    private static List<Path> compileUser(Path tree, Path out, List<String> includes, Predicate<String> compile) {
        List<Path> objects = new ArrayList<>();
        mkdirs(out);
        for (Path c : Textlib.sources(tree)) {
            String name = c.getFileName().toString();
            if (!name.endsWith(".c") || !compile.test(name)) {
                continue;
            }
            Path o = out.resolve(name.substring(0, name.length() - 2) + ".o");
            List<String> cmd = new ArrayList<>(List.of("gcc"));
            cmd.addAll(GuestObjects.runtimeFlags());
            cmd.addAll(WARNINGS);
            cmd.addAll(includes);
            cmd.addAll(List.of("-o", o.toString(), name));
            Processes.run(tree, cmd);
            objects.add(o);
        }
        return objects;
    }

    /** Builds the native harness ({@code harness/native_main.c}) against {@code tree} for the host. */
    static Path compileNative(Path tree, Path binary) {
        List<String> cmd = new ArrayList<>(List.of("gcc", "-O2", "-std=gnu11", "-Wall", "-Wextra", "-Werror",
                "-I", tree.toString(), "-o", binary.toString()));
        Textlib.sources(tree).stream().filter(p -> p.toString().endsWith(".c")).forEach(p -> cmd.add(p.toString()));
        cmd.add(Textlib.root().resolve("harness/native_main.c").toString());
        Processes.run(tree, cmd);
        return binary;
    }

    /**
     * The include flags of a user compile: the runtime's headers ({@link GuestObjects#runtimeHeaders()},
     * written to {@code headers}) and gcc's own freestanding ones, as the tool compiles a user's code.
     */
    static List<String> headerFlags(Path headers) {
        mkdirs(headers);
        try {
            for (Map.Entry<String, byte[]> h : GuestObjects.runtimeHeaders().entrySet()) {
                Files.write(headers.resolve(h.getKey()), h.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String gccInclude = Processes.run(headers, List.of("gcc", "-print-file-name=include")).strip();
        return List.of("-isystem", headers.toString(), "-isystem", gccInclude);
    }

    private static void mkdirs(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
