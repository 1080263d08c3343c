package dev.quiesce.emulator.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test support: the C sources of the runtime probe ({@code src/test/resources/runtime-probe}) copied to a directory. */
final class ProbeFiles {

    private ProbeFiles() {
    }

    /** Copies {@code probe.c} and {@code oracle_main.c} into a new temporary directory and returns it. */
    static Path copy(String prefix) {
        try {
            Path dir = Files.createTempDirectory(prefix);
            for (String name : new String[] {"probe.c", "oracle_main.c"}) {
                try (InputStream in = ProbeFiles.class.getResourceAsStream("/runtime-probe/" + name)) {
                    if (in == null) {
                        throw new IllegalStateException("test resource /runtime-probe/" + name + " is missing");
                    }
                    Files.write(dir.resolve(name), in.readAllBytes());
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
