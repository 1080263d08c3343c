package dev.quiesce.usercode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * gcc as a subprocess: one run with its arguments in a working folder, its messages (stdout and stderr, in the C
 * locale, without colour) and its exit status. A missing gcc or one that does not target x86-64 is the one-line
 * error the guest module's build script gives.
 */
final class Gcc {

    /** The result of one run. */
    record Run(int exit, String output) {
    }

    private static final Map<String, String> IDENTITY = new ConcurrentHashMap<>();
    private static final Map<String, String> INCLUDE = new ConcurrentHashMap<>();

    private final String command;

    Gcc(String command) {
        this.command = command;
    }

    String command() {
        return command;
    }

    /**
     * gcc's version and target ({@code 12.2.0 x86_64-linux-gnu}), asked once per process; part of the cache key of
     * every object, since another gcc makes other bytes.
     *
     * @throws IllegalStateException when gcc is missing or does not target x86-64
     */
    String identity() {
        return IDENTITY.computeIfAbsent(command, c -> {
            Run version = run(List.of("-dumpfullversion"), null);
            Run machine = run(List.of("-dumpmachine"), null);
            String target = machine.output().strip();
            if (version.exit() != 0 || machine.exit() != 0) {
                throw new IllegalStateException(command + " -dumpmachine failed: " + machine.output().strip()
                        + "; user code is compiled with gcc: install it (Debian/Ubuntu: apt-get install -y gcc)");
            }
            if (!target.startsWith("x86_64")) {
                throw new IllegalStateException("gcc targets " + target + ", the guest needs an x86_64 gcc"
                        + " (x86_64-linux-gnu or x86_64-elf).");
            }
            return version.output().strip() + " " + target;
        });
    }

    /** gcc's own freestanding headers' folder ({@code gcc -print-file-name=include}), asked once per process. */
    String includeDir() {
        return INCLUDE.computeIfAbsent(command, c -> {
            Run r = run(List.of("-print-file-name=include"), null);
            String dir = r.output().strip();
            if (r.exit() != 0 || dir.isEmpty() || !java.nio.file.Files.isDirectory(java.nio.file.Path.of(dir))) {
                throw new IllegalStateException(command + " -print-file-name=include gave '" + dir + "', not gcc's"
                        + " header folder (stdint.h, stddef.h): reinstall gcc");
            }
            return dir;
        });
    }

    /** Runs gcc with {@code args} in {@code dir} (null: the current folder) and waits for it. */
    Run run(List<String> args, Path dir) {
        List<String> cmd = new ArrayList<>();
        cmd.add(command);
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        pb.environment().put("LC_ALL", "C");
        pb.environment().remove("GCC_COLORS");
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new IllegalStateException(missing());
        }
        try (InputStream in = p.getInputStream()) {
            String out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return new Run(p.waitFor(), out);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read gcc's output: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while gcc ran", e);
        }
    }

    /** The build script's sentence for a missing gcc (guest/src/main/build-guest.sh). */
    String missing() {
        return command + " not found. The guest image is compiled with gcc: install it (Debian/Ubuntu: apt-get install"
                + " -y gcc; macOS: brew install x86_64-elf-gcc and put it first on PATH as gcc).";
    }
}
