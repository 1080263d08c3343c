package dev.quiesce.cli.payload;

import dev.quiesce.cli.Main;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Test support: runs {@code quiesce} in-process, and the binutils/OpenSSL oracles as processes. */
final class Cli {

    record Result(int exit, String out, String err) {
        /** The value of the first {@code key: value} line of the output. */
        String field(String key) {
            return out.lines().filter(l -> l.startsWith(key + ":")).findFirst()
                    .map(l -> l.substring(key.length() + 1).strip())
                    .orElseThrow(() -> new AssertionError("no '" + key + ":' line in:\n" + out));
        }
    }

    private Cli() {
    }

    static Result quiesce(Object... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        String[] a = new String[args.length];
        for (int i = 0; i < args.length; i++) {
            a[i] = args[i].toString();
        }
        int exit = cl.execute(a);
        return new Result(exit, out.toString(), err.toString());
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
