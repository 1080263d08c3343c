package dev.quiesce.elf;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The builder of an ELF string table: a leading NUL (the empty name at offset 0), then each distinct
 * name once, NUL-terminated, in the order first added. No suffix sharing, so the table is a pure
 * function of the sequence of names.
 */
final class StringTableBuilder {

    private final Map<String, Integer> offsets = new LinkedHashMap<>();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    StringTableBuilder() {
        bytes.write(0);
        offsets.put("", 0);
    }

    /** Adds {@code name} if new and returns its offset. */
    int add(String name) {
        Integer known = offsets.get(name);
        if (known != null) {
            return known;
        }
        byte[] b = name.getBytes(StandardCharsets.UTF_8);
        for (byte c : b) {
            if (c == 0) {
                throw new IllegalArgumentException("name '%s' contains a NUL byte".formatted(name));
            }
        }
        int at = bytes.size();
        bytes.writeBytes(b);
        bytes.write(0);
        offsets.put(name, at);
        return at;
    }

    byte[] toByteArray() {
        return bytes.toByteArray();
    }
}
