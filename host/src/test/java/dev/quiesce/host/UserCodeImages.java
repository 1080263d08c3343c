package dev.quiesce.host;

import dev.quiesce.elf.ElfFile;
import dev.quiesce.emulator.link.GuestImage;
import dev.quiesce.emulator.link.ImageLinker;
import dev.quiesce.guest.GuestObject;
import dev.quiesce.guest.GuestObjects;
import dev.quiesce.isa.X86;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Test support: the built-in guest linked with user C code of {@code /usercode/} (compiled by gcc with the user
 * flags and {@code -g}), and a way to send the built-in loop's {@code do_long_work} calls into a user function.
 */
public final class UserCodeImages {

    /** The flags of user code, with {@code -g}. */
    public static final List<String> FLAGS = List.of("-c", "-std=gnu11", "-O2", "-g", "-ffreestanding", "-nostdlib",
            "-fpie", "-mcmodel=small", "-ffunction-sections", "-fdata-sections", "-mno-red-zone",
            "-fno-asynchronous-unwind-tables", "-fno-omit-frame-pointer", "-fcf-protection=none",
            "-fno-stack-protector", "-fno-common", "-fvisibility=hidden");

    private UserCodeImages() {
    }

    /** The built-in guest's objects followed by {@code sources} (resources of {@code /usercode/}) compiled in {@code dir}. */
    public static GuestImage link(Path dir, long base, String... sources) {
        List<ElfFile> objects = new ArrayList<>();
        for (GuestObject o : GuestObjects.baseImage()) {
            objects.add(ElfFile.parse(o.name(), o.bytes()));
        }
        for (String source : sources) {
            objects.add(compile(dir, source));
        }
        return ImageLinker.link(objects, base);
    }

    /** Writes a JMP at the entry of {@code from} to {@code to}: every call of {@code from} runs {@code to}. */
    public static void redirect(HostMachine m, String from, String to) {
        long at = m.address(from);
        m.memory().writeCode(at, X86.jmpRel32(at, m.address(to)));
    }

    /** Compiles resource {@code /usercode/source} in {@code dir}; returns the parsed object. */
    public static ElfFile compile(Path dir, String source) {
        try (InputStream in = UserCodeImages.class.getResourceAsStream("/usercode/" + source)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource /usercode/" + source);
            }
            Files.write(dir.resolve(source), in.readAllBytes());
            String object = source.replace(".c", ".o");
            List<String> command = new ArrayList<>(List.of("gcc"));
            command.addAll(FLAGS);
            command.addAll(List.of("-o", object, source));
            run(dir, command);
            return ElfFile.parse(object, Files.readAllBytes(dir.resolve(object)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code command} in {@code dir}; its standard output, or an AssertionError with its standard error. */
    public static String run(Path dir, List<String> command) {
        try {
            Path err = Files.createTempFile(dir, "stderr", ".txt");
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectError(err.toFile()).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new AssertionError("%s failed: %s".formatted(command, Files.readString(err)));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** binutils' addr2line {@code path:line} for {@code offset} of {@code section} of object {@code object} in {@code dir}. */
    public static String addr2line(Path dir, String object, String section, long offset) {
        return run(dir, List.of("addr2line", "-e", object, "-j", section, "0x" + Long.toHexString(offset))).trim()
                .replaceAll(" \\(discriminator \\d+\\)$", "");
    }
}
