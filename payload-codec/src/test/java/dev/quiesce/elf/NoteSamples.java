package dev.quiesce.elf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test support: small gcc-built objects that carry notes, compiled once per test JVM. */
final class NoteSamples {

    private static ElfFile propertyNote;

    private NoteSamples() {
    }

    /** An object with a {@code .note.gnu.property} (8-byte aligned notes), from {@code gcc -fcf-protection=full}. */
    static synchronized ElfFile propertyNoteObject() {
        if (propertyNote == null) {
            try {
                Path dir = Files.createDirectories(Path.of("target", "test-notes"));
                Path o = Tools.compile(dir, "cet", "int f(int x) { return x + 1; }\n", "-O2", "-fcf-protection=full");
                propertyNote = ElfFile.parse("cet.o", Tools.read(o));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return propertyNote;
    }
}
