package dev.quiesce.usercode.textlib;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** Test support: runs a host tool (gcc, objdump, readelf, a native binary) and returns its output. */
final class Processes {

    private Processes() {
    }

    /** Runs {@code command} in {@code dir}; its standard output, or an AssertionError with both streams. */
    static String run(Path dir, List<String> command) {
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(false).start();
            p.getOutputStream().close();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Thread drain = Thread.ofVirtual().start(() -> {
                try {
                    p.getErrorStream().transferTo(err);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int rc = p.waitFor();
            drain.join();
            if (rc != 0) {
                throw new AssertionError(String.join(" ", command) + " exited " + rc + " in " + dir + "\n"
                        + err.toString(StandardCharsets.UTF_8) + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted: " + command, e);
        }
    }
}
