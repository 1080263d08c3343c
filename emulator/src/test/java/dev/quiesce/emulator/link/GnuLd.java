package dev.quiesce.emulator.link;

import dev.quiesce.elf.Tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiesce.elf.Elf;
import dev.quiesce.elf.ElfFile;
import dev.quiesce.elf.ElfSection;
import dev.quiesce.isa.Arch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Test oracle: GNU ld links the same objects with a generated script that puts every input section
 * exactly where {@link ImageLinker} put it (one output section each); then every placed section's
 * bytes must equal ld's, which proves every relocation, and every symbol address must equal nm's. The ld and nm
 * are those of the image's architecture (binutils, or binutils-aarch64-linux-gnu).
 */
final class GnuLd {

    private GnuLd() {
    }

    /** What ld did with a link: its exit status, its standard error, and its output when it succeeded. */
    record Outcome(int exit, String stderr, ElfFile output) {
    }

    /** Links with ld and asserts that {@code image} matches it; returns ld's output. */
    static ElfFile assertSameAsLd(Path dir, List<ElfFile> objects, GuestImage image, Map<String, Long> externals) {
        Outcome outcome = link(dir, objects, image, externals);
        assertThat(outcome.exit()).as("ld's exit; its errors: %s", outcome.stderr()).isZero();
        ElfFile ld = outcome.output();
        for (int i = 0; i < image.sections().size(); i++) {
            PlacedSection placed = image.sections().get(i);
            ElfSection out = ld.findSection(".q" + i).orElseThrow(() -> new AssertionError("ld output lacks " + placed));
            assertThat(out.address()).as("ld address of %s", placed).isEqualTo(placed.address());
            assertThat(out.size()).as("ld size of %s", placed).isEqualTo(placed.size());
            if (placed.kind() == SectionKind.BSS) {
                assertThat(out.type()).isEqualTo(Elf.SHT_NOBITS);
            } else {
                assertThat(image.read(placed.address(), (int) placed.size())).as("relocated bytes of %s", placed)
                        .isEqualTo(out.data());
            }
        }
        assertSymbolsMatchNm(dir, image);
        return ld;
    }

    /**
     * Runs ld (GNU ld of the image's architecture: {@code ld}, or {@code aarch64-linux-gnu-ld}) on {@code objects}
     * with every input section where {@code image} placed it, and the external symbols at the given addresses; a
     * failure is an outcome, not an error.
     */
    static Outcome link(Path dir, List<ElfFile> objects, GuestImage image, Map<String, Long> externals) {
        List<String> command = new ArrayList<>(List.of(tool(image.arch(), "ld"), "-static", "-nostdlib", "--no-relax",
                "-e", "0", "-z", "noexecstack", "-z", "norelro", "--build-id=none", "-T", "image.ld", "-o", "image.elf"));
        new TreeMap<>(externals).forEach((name, address) -> command.add("--defsym=%s=0x%x".formatted(name, address)));
        try {
            for (ElfFile o : objects) {
                byte[] bytes = new byte[o.bytes().remaining()];
                o.bytes().duplicate().get(bytes);
                Files.write(dir.resolve(o.fileName()), bytes);
                command.add(o.fileName());
            }
            Files.writeString(dir.resolve("image.ld"), script(image));
            Files.deleteIfExists(dir.resolve("image.elf"));
            Path err = dir.resolve("ld.stderr");
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectError(err.toFile())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("ld timed out: " + command);
            }
            ElfFile out = p.exitValue() == 0
                    ? ElfFile.parse("image.elf", Files.readAllBytes(dir.resolve("image.elf"))) : null;
            return new Outcome(p.exitValue(), Files.readString(err), out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The binutils program {@code name} for {@code arch}: {@code nm}, or {@code aarch64-linux-gnu-nm}. */
    static String tool(Arch arch, String name) {
        return arch == Arch.AARCH64 ? "aarch64-linux-gnu-" + name : name;
    }

    private static String script(GuestImage image) {
        StringBuilder sb = new StringBuilder("SECTIONS\n{\n");
        for (int i = 0; i < image.sections().size(); i++) {
            PlacedSection p = image.sections().get(i);
            sb.append("  .q%d 0x%x : { KEEP(%s(%s)) }\n".formatted(i, p.address(), p.object(), p.name()));
        }
        return sb.append("  /DISCARD/ : { *(.comment) *(.note.GNU-stack) }\n}\n").toString();
    }

    /** Every global symbol of the image is at the address nm gives; every local one is among nm's. */
    private static void assertSymbolsMatchNm(Path dir, GuestImage image) {
        Map<String, Long> globals = new LinkedHashMap<>();
        List<String> locals = new ArrayList<>();
        for (String line : Tools.run(dir, tool(image.arch(), "nm"), "-n", "image.elf").split("\n")) {
            String[] t = line.trim().split("\\s+");
            if (t.length == 3) {
                long address = Long.parseUnsignedLong(t[0], 16);
                if (Character.isUpperCase(t[1].charAt(0))) {
                    globals.put(t[2], address);
                } else {
                    locals.add(t[2] + "@" + address);
                }
            }
        }
        for (GuestSymbol s : image.symbols().all()) {
            if (s.local()) {
                assertThat(locals).as("local %s", s).contains(s.name() + "@" + s.address());
            } else {
                assertThat(globals).as("global %s", s).containsEntry(s.name(), s.address());
            }
        }
    }
}
