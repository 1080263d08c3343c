package dev.quiesce.emulator.unicorn;

import dev.quiesce.elf.Tools;
import dev.quiesce.emulator.memory.GuestMemory;
import dev.quiesce.io.Trees;
import dev.quiesce.isa.Arch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * AArch64 test code, made by Debian's cross toolchain ({@code gcc-aarch64-linux-gnu},
 * {@code binutils-aarch64-linux-gnu}): assembly through {@code aarch64-linux-gnu-as}, C through
 * {@code aarch64-linux-gnu-gcc} linked at {@link TestCode#CODE}, both reduced to raw bytes by
 * {@code aarch64-linux-gnu-objcopy -O binary}; and aarch64 engines over {@link TestCode#memory()}.
 */
final class A64Code {

    private static final Map<String, byte[]> MADE = new ConcurrentHashMap<>();

    private A64Code() {
    }

    /** The bytes of {@code source} (GNU as syntax, one {@code .text} section, loaded at {@link TestCode#CODE}). */
    static byte[] assemble(String source) {
        return MADE.computeIfAbsent("s:" + source, k -> build(source, false));
    }

    /**
     * The text of {@code source} (freestanding C, {@code -O1}, entry {@code start} first) linked at
     * {@link TestCode#CODE}.
     */
    static byte[] compile(String source) {
        return MADE.computeIfAbsent("c:" + source, k -> build(source, true));
    }

    private static byte[] build(String source, boolean c) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("a64code");
            if (c) {
                Files.writeString(dir.resolve("p.c"), source);
                Tools.run(dir, "aarch64-linux-gnu-gcc", "-O1", "-ffreestanding", "-nostdlib", "-static",
                        "-fno-pic", "-no-pie", "-fno-asynchronous-unwind-tables", "-mgeneral-regs-only",
                        "-fno-toplevel-reorder",
                        "-Wl,-Ttext=0x" + Long.toHexString(TestCode.CODE), "-Wl,--build-id=none", "-Wl,-e,start",
                        "-o", "p.elf", "p.c");
            } else {
                Files.writeString(dir.resolve("p.s"), source + "\n");
                Tools.run(dir, "aarch64-linux-gnu-as", "-o", "p.elf", "p.s");
            }
            Tools.run(dir, "aarch64-linux-gnu-objcopy", "-O", "binary", "-j", ".text", "p.elf", "p.bin");
            return Files.readAllBytes(dir.resolve("p.bin"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (dir != null) {
                try {
                    Trees.delete(dir);
                } catch (IOException ignored) {
                    // a scratch folder left behind in the temp directory
                }
            }
        }
    }

    /** An aarch64 engine of {@code lib} counting per instruction, mapping {@code memory}, SP near the stack top. */
    static UnicornEngine engine(GuestMemory memory, UnicornLibrary lib) {
        return engine(memory, lib, Counting.INSTRUCTION);
    }

    /** An aarch64 engine of {@code lib} counting with {@code counting}, mapping {@code memory}. */
    static UnicornEngine engine(GuestMemory memory, UnicornLibrary lib, Counting counting) {
        return prepare(memory, UnicornEngines.open(Arch.AARCH64, lib, counting));
    }

    /** An aarch64 engine of {@code lib} without the counting hook, mapping {@code memory}. */
    static UnicornEngine uncounted(GuestMemory memory, UnicornLibrary lib) {
        return prepare(memory, UnicornEngines.openUncounted(Arch.AARCH64, lib));
    }

    private static UnicornEngine prepare(GuestMemory memory, UnicornEngine e) {
        e.mapShared(memory);
        e.writeReg(Arm64Reg.SP, TestCode.STACK_TOP - 64);
        return e;
    }
}
