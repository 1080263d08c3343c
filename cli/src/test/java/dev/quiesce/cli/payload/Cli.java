package dev.quiesce.cli.payload;

import dev.quiesce.cli.CliRun;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Test support: runs {@code quiesce} in-process, and the binutils/OpenSSL oracles as processes. */
final class Cli {

    private Cli() {
    }

    /** Runs {@code quiesce} in-process with each argument's {@code toString()}. */
    static CliRun quiesce(Object... args) {
        return CliRun.of(Arrays.stream(args).map(Object::toString).toArray(String[]::new));
    }

    /** The value of the first {@code key: value} line of the run's output. */
    static String field(CliRun r, String key) {
        return r.line(key + ":").strip();
    }

    /** Runs a tool in {@code dir}; fails on a non-zero exit. */
    static String run(Path dir, String... command) throws IOException, InterruptedException {
        Path err = Files.createTempFile(dir, "stderr", ".txt");
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectError(err.toFile()).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new AssertionError(List.of(command) + " failed: " + Files.readString(err));
        }
        return out;
    }
}
