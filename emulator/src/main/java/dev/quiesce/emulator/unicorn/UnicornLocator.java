package dev.quiesce.emulator.unicorn;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Where a Unicorn library may be: the configured file, the launcher's cache of the {@code unicorn} wheel's library,
 * the {@code libunicorn.so.2} bundled in an installed {@code unicorn} Python package, then the system's names.
 *
 * <p>The Unicorn project publishes its library inside the {@code unicorn} wheel on PyPI
 * ({@code unicorn/lib/libunicorn.so.2}); the launcher {@code ./quiesce} unpacks Unicorn {@value #WHEEL_VERSION}
 * into {@link #cacheDirectory()} when no 2.1.x library is installed. Debian's {@code libunicorn2} is 2.0.1.
 */
public final class UnicornLocator {

    /** The Unicorn version the launcher provides when none newer than Debian's is installed. */
    public static final String WHEEL_VERSION = "2.1.4";
    /** Environment variable overriding the cache folder (the launcher honours it too). */
    static final String CACHE_ENV = "QUIESCE_CACHE";

    static final List<String> SYSTEM_NAMES =
            List.of("libunicorn.so.2", "libunicorn.so", "libunicorn.2.dylib", "libunicorn.dylib");

    private UnicornLocator() {
    }

    /** The folder the launcher unpacks Unicorn wheels into: {@code $QUIESCE_CACHE}, else {@code ~/.cache/quiesce}. */
    public static Path cacheDirectory() {
        String configured = System.getenv(CACHE_ENV);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("quiesce");
    }

    /**
     * The system's library as files where the usual folders hold it, else as names for the dynamic linker. A path, not
     * the name: once another {@code libunicorn.so.2} is loaded, {@code dlopen("libunicorn.so.2")} returns that one
     * (glibc matches a bare name against the sonames of loaded objects).
     */
    static List<String> systemCandidates() {
        Set<String> out = new LinkedHashSet<>();
        for (String dir : List.of("/usr/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/lib",
                "/usr/local/lib", "/opt/homebrew/lib", "/usr/local/opt/unicorn/lib")) {
            for (String name : SYSTEM_NAMES) {
                addExisting(out, Path.of(dir, name));
            }
        }
        if (out.isEmpty()) {
            out.addAll(SYSTEM_NAMES);
        }
        return List.copyOf(out);
    }

    /** The files that may hold a newer Unicorn than the system's, most preferred first; only existing ones. */
    static List<String> bundledCandidates() {
        Set<String> out = new LinkedHashSet<>();
        addExisting(out, cacheDirectory().resolve("unicorn-" + WHEEL_VERSION).resolve("libunicorn.so.2"));
        for (Path dir : glob(cacheDirectory(), "unicorn-*")) {
            addExisting(out, dir.resolve("libunicorn.so.2"));
        }
        for (Path packages : sitePackages()) {
            addExisting(out, packages.resolve("unicorn").resolve("lib").resolve("libunicorn.so.2"));
            addExisting(out, packages.resolve("unicorn").resolve("lib").resolve("libunicorn.2.dylib"));
        }
        return List.copyOf(out);
    }

    /** The usual folders of installed Python packages (user, virtual environment, pyenv, system). */
    private static List<Path> sitePackages() {
        List<Path> out = new ArrayList<>();
        String home = System.getProperty("user.home");
        String venv = System.getenv("VIRTUAL_ENV");
        List<Path> prefixes = new ArrayList<>();
        if (venv != null && !venv.isBlank()) {
            prefixes.add(Path.of(venv, "lib"));
        }
        prefixes.add(Path.of(home, ".local", "lib"));
        for (Path version : glob(Path.of(home, ".pyenv", "versions"), "*")) {
            prefixes.add(version.resolve("lib"));
        }
        prefixes.add(Path.of("/usr/local/lib"));
        prefixes.add(Path.of("/usr/lib"));
        for (Path prefix : prefixes) {
            for (Path python : glob(prefix, "python3*")) {
                out.add(python.resolve("site-packages"));
                out.add(python.resolve("dist-packages"));
            }
        }
        out.add(Path.of("/usr/lib/python3/dist-packages"));
        return out;
    }

    private static void addExisting(Set<String> out, Path p) {
        if (Files.isRegularFile(p)) {
            try {
                out.add(p.toRealPath().toString()); // one entry per file, whatever symlinks lead to it
            } catch (IOException e) {
                out.add(p.toAbsolutePath().normalize().toString());
            }
        }
    }

    private static List<Path> glob(Path dir, String pattern) {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, pattern)) {
            s.forEach(out::add);
        } catch (IOException | SecurityException e) {
            return out;
        }
        out.sort(null); // a fixed order, whatever the directory's
        return out;
    }
}
