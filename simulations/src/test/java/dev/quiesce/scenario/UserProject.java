package dev.quiesce.scenario;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A small user project written for the tests: a workload that records a value computed by a patchable function in
 * a per-CPU variable, and a fix of that function; and a scenario file naming them.
 */
final class UserProject {

    /** The base tree's function: 2 * x. */
    static final String BASE = """
            #define PATCHABLE __attribute__((noinline, noipa))
            PATCHABLE unsigned long scale(unsigned long x)
            {
                return x * 2;
            }
            """;

    /** The workload: the latest scale(7) of this CPU, and how many calls it made. */
    static final String WORKLOAD = """
            unsigned long scale(unsigned long x);
            unsigned long last_scaled;
            unsigned long calls;
            void run_once(unsigned cpu, unsigned long iter)
            {
                (void)cpu;
                (void)iter;
                last_scaled = scale(7);
                calls++;
            }
            """;

    private UserProject() {
    }

    /** Writes src/ (base), fix/ (scale = 3 * x) and {@code scenario} as scenario.conf into {@code dir}. */
    static Path write(Path dir, String scenario) {
        write(dir, "src/scale.c", BASE);
        write(dir, "src/work.c", WORKLOAD);
        write(dir, "fix/scale.c", BASE.replace("x * 2", "x * 3"));
        write(dir, "fix/work.c", WORKLOAD);
        return write(dir, "scenario.conf", scenario);
    }

    static Path write(Path dir, String name, String text) {
        try {
            Path f = dir.resolve(name);
            Files.createDirectories(f.getParent());
            Files.writeString(f, text);
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
