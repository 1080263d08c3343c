package dev.quiesce.emulator.runtime;

import dev.quiesce.elf.Tools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Test oracle: {@code probe.c} compiled natively against glibc (the host's C library) with
 * {@code oracle_main.c}, answering a batch of {@link Query queries} in one process run.
 */
final class NativeOracle {

    private static NativeOracle instance;

    private final Path dir;

    private NativeOracle(Path dir) {
        this.dir = dir;
    }

    /** The oracle, compiled on first use. */
    static synchronized NativeOracle get() {
        if (instance == null) {
            Path dir = ProbeFiles.copy("runtime-oracle");
            Tools.run(dir, "gcc", "-O1", "-w", "-o", "oracle", "oracle_main.c", "-lm");
            instance = new NativeOracle(dir);
        }
        return instance;
    }

    /** Answers every query, in order. */
    List<Answer> answer(List<Query> queries) {
        StringBuilder in = new StringBuilder();
        queries.forEach(q -> in.append(q.line()).append('\n'));
        try {
            Process p = new ProcessBuilder(dir.resolve("oracle").toString()).directory(dir.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            Thread writer = Thread.ofVirtual().start(() -> {
                try (var os = p.getOutputStream()) {
                    os.write(in.toString().getBytes(StandardCharsets.ISO_8859_1));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            writer.join();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new AssertionError("the native oracle failed (exit " + p.exitValue() + ")");
            }
            List<Answer> answers = new ArrayList<>();
            for (String line : out.split("\n")) {
                if (line.isEmpty()) {
                    continue;
                }
                String[] t = line.split(" ");
                answers.add(new Answer(Long.parseLong(t[0]), unhex(t[1])));
            }
            if (answers.size() != queries.size()) {
                throw new AssertionError("the oracle answered " + answers.size() + " of " + queries.size() + " queries");
            }
            return answers;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String unhex(String h) {
        if (h.equals("-")) {
            return "";
        }
        byte[] b = new byte[h.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(h.substring(2 * i, 2 * i + 2), 16);
        }
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    static {
        // keep the compiled oracle's directory for the JVM's lifetime only
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (instance != null) {
                try (var files = Files.walk(instance.dir)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                } catch (IOException ignored) {
                    // best effort
                }
            }
        }));
    }
}
