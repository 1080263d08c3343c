package dev.quiesce.payload.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiesce.elf.ElfFile;
import dev.quiesce.elf.Tools;
import dev.quiesce.guest.GuestObject;
import dev.quiesce.guest.GuestObjects;
import dev.quiesce.isa.Arch;
import dev.quiesce.payload.Payload;
import dev.quiesce.payload.PatchFunction;
import dev.quiesce.payload.PayloadReader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real payloads built from the foundation's guest: its C sources, compiled twice by the guest's own build
 * script ({@code guest/src/main/build-guest.sh}), once as they are and once with a fix; the AArch64 objects the
 * same script cross-compiles give AArch64 payloads.
 */
class GuestPayloadBuildTest {

    private static final Path GUEST = Path.of("..", "guest", "src", "main").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void helloWorld_replacesExactlyXenExtraVersion() {
        Builds b = guestBuilds("version.c", s -> s.replace("return \"-quiesce\";", "return \"Hello World\";"));

        BuildResult r = b.timedBuild("hello_world");
        Path file = write(r, "hello_world.livepatch");
        Payload p = PayloadReader.read("hello_world.livepatch", r.payload());

        assertThat(r.changedFunctions()).containsExactly("xen_extra_version");
        assertThat(r.newFunctions()).isEmpty();
        assertThat(p.functions()).extracting(PatchFunction::oldName).containsExactly("xen_extra_version");
        PatchFunction f = p.functions().getFirst();
        assertThat(f.oldSize()).isEqualTo(symbolSize(b.base("version.o"), "xen_extra_version"));
        assertThat(f.newSymbol()).isEqualTo("xen_extra_version");
        assertThat(f.newSize()).isEqualTo(symbolSize(b.patched("version.o"), "xen_extra_version"));
        assertThat(Tools.run(dir, "readelf", "-p", ".rodata.xen_extra_version.str1.1", file.toString())).contains("Hello World");
    }

    @Test
    void recordFormatChange_replacesWriterAndReaderTogether() {
        Builds b = guestBuilds("record.c", s -> s
                .replace("r->check = value ^ RECORD_CHECK_KEY;", "r->check = ~(value ^ RECORD_CHECK_KEY);")
                .replace("r->check != (r->payload ^ RECORD_CHECK_KEY)", "r->check != ~(r->payload ^ RECORD_CHECK_KEY)"));

        BuildResult r = b.timedBuild("record_v2");
        Path file = write(r, "record_v2.livepatch");
        Payload p = PayloadReader.read("record_v2.livepatch", r.payload());

        assertThat(r.changedFunctions()).containsExactly("record_read", "record_write");
        assertThat(r.newFunctions()).isEmpty();
        assertThat(p.functions()).extracting(PatchFunction::oldName).containsExactly("record_read", "record_write");
        // record_read's cold part (its __builtin_trap) travels with it: the new code jumps into it
        assertThat(Tools.run(dir, "readelf", "-SW", file.toString())).contains(".text.unlikely.record_read");
        // ... as an anonymous copy: its name is the base image's, and Xen refuses duplicate new symbols (-EEXIST)
        assertThat(Tools.run(dir, "readelf", "-sW", file.toString())).doesNotContain("record_read.cold");
    }

    @Test
    void baseBuild_isTheFoundationGuestItself() {
        Builds b = compileBoth("version.c", UnaryOperator.identity());

        for (GuestObject o : GuestObjects.baseImage()) {
            assertThat(b.base(o.name()).bytes()).as(o.name()).isEqualTo(ElfFile.parse(o.name(), o.bytes()).bytes());
        }
    }

    /** The two guest builds and how long gcc took for each, in ms. */
    private record Builds(List<ElfFile> base, List<ElfFile> patched, double baseMs, double patchedMs) {

        ElfFile base(String name) {
            return base.stream().filter(f -> f.fileName().equals(name)).findFirst().orElseThrow();
        }

        ElfFile patched(String name) {
            return patched.stream().filter(f -> f.fileName().equals(name)).findFirst().orElseThrow();
        }

        BuildResult timedBuild(String name) {
            long start = System.nanoTime();
            BuildResult r = PayloadBuilder.build(base, patched, TwoBuilds.OPTIONS_FOR.apply(name));
            System.out.printf("guest payload %s: payload builder %.1f ms over %d base vs %d patched objects"
                    + " (gcc: base build %.0f ms, patched build %.0f ms)%n",
                    name, (System.nanoTime() - start) / 1e6, base.size(), patched.size(), baseMs, patchedMs);
            return r;
        }
    }

    @Test
    void aarch64HelloWorld_replacesExactlyXenExtraVersionInAnAarch64Payload() {
        Builds b = guestBuilds(Arch.AARCH64, "version.c", s -> s.replace("return \"-quiesce\";", "return \"Hello World\";"));

        BuildResult r = b.timedBuild("a64_hello_world");
        Path file = write(r, "a64_hello_world.livepatch");
        Payload p = PayloadReader.read(Arch.AARCH64, "a64_hello_world.livepatch", r.payload());

        assertThat(r.changedFunctions()).containsExactly("xen_extra_version");
        assertThat(p.functions()).extracting(PatchFunction::oldName).containsExactly("xen_extra_version");
        assertThat(p.functions().getFirst().oldSize()).isEqualTo(symbolSize(b.base("version.o"), "xen_extra_version"));
        ElfFile payload = ElfFile.parse(file.getFileName().toString(), r.payload());
        assertThat(payload.machine()).isEqualTo(Arch.AARCH64.elfMachine());
        // aarch64 gcc aligns the string section to 8 (.str1.8): found by its name's stem
        assertThat(payload.sections()).filteredOn(sec -> sec.name().startsWith(".rodata.xen_extra_version.str"))
                .singleElement().satisfies(sec -> assertThat(new String(sec.data(), java.nio.charset.StandardCharsets.ISO_8859_1))
                        .contains("Hello World"));
    }

    @Test
    void aarch64RecordFormatChange_replacesWriterAndReaderTogether() {
        Builds b = guestBuilds(Arch.AARCH64, "record.c", s -> s
                .replace("r->check = value ^ RECORD_CHECK_KEY;", "r->check = ~(value ^ RECORD_CHECK_KEY);")
                .replace("r->check != (r->payload ^ RECORD_CHECK_KEY)", "r->check != ~(r->payload ^ RECORD_CHECK_KEY)"));

        BuildResult r = b.timedBuild("a64_record_v2");

        assertThat(r.changedFunctions()).containsExactly("record_read", "record_write");
        assertThat(r.newFunctions()).isEmpty();
    }

    @Test
    void aarch64BaseBuild_isTheAarch64GuestItselfAndHasNoChange() {
        Builds b = compileBoth(Arch.AARCH64, "version.c", UnaryOperator.identity());

        for (GuestObject o : GuestObjects.baseImage(Arch.AARCH64)) {
            assertThat(b.base(o.name()).bytes()).as(o.name()).isEqualTo(ElfFile.parse(o.name(), o.bytes()).bytes());
        }
        assertThatThrownBy(() -> b.timedBuild("nothing")).isInstanceOf(NoFunctionalChangeException.class);
    }

    private Builds guestBuilds(String file, UnaryOperator<String> fix) {
        return guestBuilds(Arch.X86_64, file, fix);
    }

    private Builds guestBuilds(Arch arch, String file, UnaryOperator<String> fix) {
        try {
            String original = Files.readString(GUEST.resolve("c").resolve(file));
            assertThat(fix.apply(original)).as("the fix applies to " + file).isNotEqualTo(original);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return compileBoth(arch, file, fix);
    }

    private Builds compileBoth(String file, UnaryOperator<String> fix) {
        return compileBoth(Arch.X86_64, file, fix);
    }

    private Builds compileBoth(Arch arch, String file, UnaryOperator<String> fix) {
        long start = System.nanoTime();
        List<ElfFile> base = compileGuest(arch, "base", UnaryOperator.identity(), file);
        long middle = System.nanoTime();
        List<ElfFile> patched = compileGuest(arch, "patched", fix, file);
        return new Builds(base, patched, (middle - start) / 1e6, (System.nanoTime() - middle) / 1e6);
    }

    /** Compiles the guest (both architectures, as build-guest.sh does) and returns {@code arch}'s objects. */
    private List<ElfFile> compileGuest(Arch arch, String which, UnaryOperator<String> fix, String file) {
        try {
            Path src = Files.createDirectories(dir.resolve(which).resolve("src"));
            Path built = dir.resolve(which).resolve("out");
            try (Stream<Path> sources = Files.list(GUEST.resolve("c"))) {
                for (Path p : sources.filter(p -> p.toString().endsWith(".c") || p.toString().endsWith(".h")).toList()) {
                    String text = Files.readString(p);
                    Files.writeString(src.resolve(p.getFileName()), p.getFileName().toString().equals(file) ? fix.apply(text) : text);
                }
            }
            Tools.run(dir, "bash", GUEST.resolve("build-guest.sh").toString(), src.toString(), built.toString());
            Path out = arch == Arch.AARCH64 ? built.resolve("aarch64") : built;
            List<ElfFile> objects = new ArrayList<>();
            for (String name : Files.readAllLines(out.resolve("objects.list"))) {
                objects.add(ElfFile.parse(name, Files.readAllBytes(out.resolve(name))));
            }
            return objects;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path write(BuildResult r, String name) {
        try {
            return Files.write(dir.resolve(name), r.payload());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long symbolSize(ElfFile f, String name) {
        return f.symbols().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow().size();
    }
}
