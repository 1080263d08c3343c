package dev.quiesce.elf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Test support: runs binutils and gcc, the independent oracles of these tests. */
public final class Tools {

    private Tools() {
    }

    /** Runs {@code command} in {@code dir} and returns its standard output; fails on a non-zero exit. */
    public static String run(Path dir, String... command) {
        try {
            Path err = Files.createTempFile(dir, "stderr", ".txt");
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectError(err.toFile()).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("timed out: " + List.of(command));
            }
            if (p.exitValue() != 0) {
                throw new AssertionError("%s exited %d: %s".formatted(List.of(command), p.exitValue(), Files.readString(err)));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Compiles C source {@code name}.c with gcc {@code -c} and returns the object's path. */
    public static Path compile(Path dir, String name, String source, String... flags) {
        return crossCompile("gcc", dir, name, source, flags);
    }

    /** Compiles C source {@code name}.c with {@code compiler -c} (e.g. aarch64-linux-gnu-gcc) and returns the object's path. */
    public static Path crossCompile(String compiler, Path dir, String name, String source, String... flags) {
        try {
            Files.writeString(dir.resolve(name + ".c"), source);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String[] command = new String[flags.length + 6];
        command[0] = compiler;
        command[1] = "-c";
        System.arraycopy(flags, 0, command, 2, flags.length);
        command[flags.length + 2] = "-o";
        command[flags.length + 3] = name + ".o";
        command[flags.length + 4] = name + ".c";
        command[flags.length + 5] = "-Wall";
        run(dir, command);
        return dir.resolve(name + ".o");
    }

    public static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
