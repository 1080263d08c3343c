package dev.quiesce.usercode.textlib;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Test support: gcc on the textlib sources, two ways — as the tool compiles a user's guest code (the
 * user flags of docs/own-code.md: position-independent, one section per function and object, hidden
 * visibility, frame pointers, SSE allowed) and natively for the host with its C library (the oracle the
 * guest's output is compared with: same source, native vs emulated).
 */
final class Gcc {

    /** The user flags (issue 17's contract; dev.quiesce.usercode.UserFlags is their one home in main code). */
    static final List<String> USER_FLAGS = List.of("-c", "-std=gnu11", "-O2", "-g", "-ffreestanding", "-nostdlib",
            "-fpie", "-mcmodel=small", "-ffunction-sections", "-fdata-sections", "-mno-red-zone",
            "-fno-asynchronous-unwind-tables", "-fno-omit-frame-pointer", "-fcf-protection=none",
            "-fno-stack-protector", "-fno-common", "-fvisibility=hidden", "-Wall", "-Wextra", "-Werror");

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
            cmd.addAll(USER_FLAGS);
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
     * The include flags of a user compile: the runtime's headers (resources {@code /guest/runtime/include/},
     * extracted to {@code headers}) with {@code -nostdinc}, as the tool compiles; where the runtime is not
     * on the class path, the host's C headers, which declare the same standard names.
     */
    static List<String> headerFlags(Path headers) {
        try (InputStream list = Gcc.class.getResourceAsStream("/guest/runtime/include/include.list")) {
            if (list == null) {
                return List.of();
            }
            mkdirs(headers);
            for (String name : new String(list.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (name.isBlank()) {
                    continue;
                }
                try (InputStream h = Gcc.class.getResourceAsStream("/guest/runtime/include/" + name.strip())) {
                    Files.write(headers.resolve(name.strip()), h.readAllBytes());
                }
            }
            String gccInclude = Processes.run(headers, List.of("gcc", "-print-file-name=include")).strip();
            return List.of("-nostdinc", "-isystem", headers.toString(), "-isystem", gccInclude);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void mkdirs(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
