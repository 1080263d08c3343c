package dev.quiesce.emulator.link;

import dev.quiesce.elf.ElfFile;
import dev.quiesce.elf.Tools;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Test support: Debian's AArch64 cross toolchain ({@code gcc-aarch64-linux-gnu}, {@code binutils-aarch64-linux-gnu})
 * building small objects for the linker's AArch64 tests.
 */
final class A64Toolchain {

    /**
     * The guest's AArch64 flags: position-independent code of the small code model (ADRP with {@code :lo12:}, BL),
     * one section per function and object, no floating point or SIMD registers, no unwind tables, stack protector
     * or branch protection.
     */
    static final List<String> FLAGS = List.of("-O2", "-ffreestanding", "-nostdlib", "-fpie", "-mcmodel=small",
            "-ffunction-sections", "-fdata-sections", "-mgeneral-regs-only", "-fno-asynchronous-unwind-tables",
            "-fno-stack-protector", "-mbranch-protection=none", "-fno-common", "-fvisibility=hidden");
    /** Put first in every C source: declarations are hidden too, so gcc reaches them without the GOT. */
    static final String HIDDEN = "#pragma GCC visibility push(hidden)\n";

    private A64Toolchain() {
    }

    /** Compiles {@code source} (after {@link #HIDDEN}) to {@code name}.o with {@link #FLAGS} and {@code extra}. */
    static ElfFile cc(Path dir, String name, String source, String... extra) {
        return ccRaw(dir, name, HIDDEN + source, extra);
    }

    /** Compiles {@code source} as it is (no visibility pragma) with {@link #FLAGS} and {@code extra}. */
    static ElfFile ccRaw(Path dir, String name, String source, String... extra) {
        write(dir.resolve(name + ".c"), source);
        List<String> command = new ArrayList<>(List.of("aarch64-linux-gnu-gcc", "-c"));
        command.addAll(FLAGS);
        command.addAll(List.of(extra));
        command.addAll(List.of("-Wall", "-o", name + ".o", name + ".c"));
        Tools.run(dir, command.toArray(String[]::new));
        return ElfFile.parse(name + ".o", Tools.read(dir.resolve(name + ".o")));
    }

    /** Assembles {@code source} to {@code name}.o. */
    static ElfFile as(Path dir, String name, String source) {
        write(dir.resolve(name + ".s"), source);
        Tools.run(dir, "aarch64-linux-gnu-as", "-o", name + ".o", name + ".s");
        return ElfFile.parse(name + ".o", Tools.read(dir.resolve(name + ".o")));
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
