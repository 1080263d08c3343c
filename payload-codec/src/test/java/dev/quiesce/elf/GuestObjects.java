package dev.quiesce.elf;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/** Test support: the gcc-built guest objects, resources {@code /guest/<name>.o} of quiesce-guest. */
final class GuestObjects {

    private GuestObjects() {
    }

    /** The object names listed in {@code /guest/objects.list}, e.g. {@code main.o}. */
    static List<String> names() {
        List<String> names = Arrays.stream(new String(resource("objects.list"), StandardCharsets.UTF_8).split("\n"))
                .map(String::strip).filter(s -> !s.isEmpty()).toList();
        if (names.isEmpty()) {
            throw new AssertionError("/guest/objects.list lists no objects");
        }
        return names;
    }

    static byte[] bytes(String name) {
        return resource(name);
    }

    static ElfFile parse(String name) {
        return ElfFile.parse(name, bytes(name));
    }

    private static byte[] resource(String name) {
        try (InputStream in = GuestObjects.class.getResourceAsStream("/guest/" + name)) {
            if (in == null) {
                throw new AssertionError("missing resource /guest/" + name + " (is quiesce-guest built?)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
