package dev.quiesce.emulator.link;

import dev.quiesce.elf.ElfFile;
import dev.quiesce.elf.Tools;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Test support: the multi-file C sources of {@code /lines/} (a tokenizer, a hash table with floating point, a
 * workload calling both, and a header of helpers gcc inlines) compiled by gcc with debug info into a directory.
 */
final class LineObjects {

    static final List<String> SOURCES = List.of("tokens.c", "table.c", "workload.c");
    /** The flags of user code (docs/own-code.md), with {@code -g}. */
    static final List<String> FLAGS = List.of("-std=gnu11", "-O2", "-g", "-ffreestanding", "-nostdlib", "-fpie",
            "-mcmodel=small", "-ffunction-sections", "-fdata-sections", "-mno-red-zone",
            "-fno-asynchronous-unwind-tables", "-fno-omit-frame-pointer", "-fcf-protection=none",
            "-fno-stack-protector", "-fno-common", "-fvisibility=hidden", "-Iinclude");

    private LineObjects() {
    }

    /** Copies the sources into {@code dir} and compiles each with the user flags plus {@code extra}. */
    static List<ElfFile> compile(Path dir, String... extra) {
        copy(dir, "include/textutil.h");
        List<ElfFile> objects = new ArrayList<>();
        for (String source : SOURCES) {
            copy(dir, source);
            String object = source.replace(".c", ".o");
            List<String> command = new ArrayList<>(List.of("gcc", "-c"));
            command.addAll(FLAGS);
            command.addAll(List.of(extra));
            command.addAll(List.of("-o", object, source));
            Tools.run(dir, command.toArray(String[]::new));
            objects.add(ElfFile.parse(object, Tools.read(dir.resolve(object))));
        }
        return objects;
    }

    static void copy(Path dir, String name) {
        try (InputStream in = LineObjects.class.getResourceAsStream("/lines/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource /lines/" + name);
            }
            Files.createDirectories(dir.resolve(name).getParent());
            Files.write(dir.resolve(name), in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
