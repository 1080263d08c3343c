package dev.quiesce.scenario;

import dev.quiesce.host.HostMachine;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Test support for user code (the hook of the library tests, docs/own-code.md): copies a tree of C sources from the
 * test class path into a folder, writes a scenario beside it, and reads what the code left in a CPU's private copy of
 * its data while the scenario runs ({@link ScenarioRunner#run(Scenario, boolean, MachineObserver)}).
 */
public final class UserCodeRuns {

    private UserCodeRuns() {
    }

    /** Copies the class-path folder {@code resource} (e.g. {@code usercode/textlib/base}) to {@code dir/name}. */
    public static Path copyTree(String resource, Path dir, String name) {
        URL url = UserCodeRuns.class.getClassLoader().getResource(resource);
        if (url == null) {
            throw new IllegalArgumentException("no test resource folder " + resource);
        }
        try {
            Path from = Path.of(url.toURI());
            Path to = dir.resolve(name);
            try (Stream<Path> s = Files.walk(from)) {
                for (Path p : s.sorted().toList()) {
                    Path target = to.resolve(from.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(target);
                    } else {
                        try (InputStream in = Files.newInputStream(p)) {
                            Files.copy(in, target);
                        }
                    }
                }
            }
            return to;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes {@code text} as {@code dir/name} and loads it as a scenario with {@code sets}. */
    public static Scenario scenario(Path dir, String name, String text, List<String> sets) {
        try {
            Path file = dir.resolve(name);
            Files.writeString(file, text);
            return ScenarioLoader.load(file.toString(), sets);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The NUL-terminated string at {@code symbol} in CPU {@code cpu}'s private copy (at most {@code max} bytes). */
    public static String privateString(HostMachine m, int cpu, String symbol, int max) {
        byte[] b = m.readPrivate(cpu, m.address(symbol), max);
        int n = 0;
        while (n < b.length && b[n] != 0) {
            n++;
        }
        return new String(b, 0, n, StandardCharsets.ISO_8859_1);
    }
}
