package dev.quiesce.cpu;

import dev.quiesce.guest.GuestObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Test support: compiles a small C source into a guest object with gcc and the user-code flags (issue 17). */
final class Gcc {

    /** The flags the tool compiles user code with (the contract's user flags), SSE allowed. */
    static final List<String> USER_FLAGS = List.of("-c", "-std=gnu11", "-O2", "-ffreestanding", "-nostdlib", "-fpie",
            "-mcmodel=small", "-ffunction-sections", "-fdata-sections", "-mno-red-zone",
            "-fno-asynchronous-unwind-tables", "-fno-omit-frame-pointer", "-fcf-protection=none",
            "-fno-stack-protector", "-fno-common", "-fvisibility=hidden", "-Wall", "-Werror");

    private Gcc() {
    }

    /** Compiles {@code source} as {@code name}.c with the user flags plus {@code extra}; returns {@code name}.o. */
    static GuestObject compile(String name, String source, String... extra) {
        try {
            Path dir = Files.createTempDirectory("quiesce-gcc");
            Files.writeString(dir.resolve(name + ".c"), source);
            List<String> cmd = new ArrayList<>(List.of("gcc"));
            cmd.addAll(USER_FLAGS);
            cmd.addAll(List.of(extra));
            cmd.addAll(List.of("-o", name + ".o", name + ".c"));
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new AssertionError("gcc failed on " + name + ".c: " + out);
            }
            GuestObject o = new GuestObject(name + ".o", Files.readAllBytes(dir.resolve(name + ".o")));
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
            Files.delete(dir);
            return o;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
