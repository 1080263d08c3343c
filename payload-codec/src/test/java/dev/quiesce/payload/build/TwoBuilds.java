package dev.quiesce.payload.build;

import dev.quiesce.elf.BuildId;
import dev.quiesce.elf.ElfFile;
import dev.quiesce.elf.Tools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/** Test support: a base and a patched build of C sources, compiled by gcc as the builder expects. */
final class TwoBuilds {

    /**
     * The flags of the ground-truth objects: position-independent ({@code -fpie -mcmodel=small}, every reference
     * RIP-relative, jump tables of PC-relative offsets — the only code Xen's x86 loader can relocate, and how the
     * guest and user code are built), one section per function and object, no unwind tables.
     */
    static final String[] FLAGS = {"-O2", "-ffunction-sections", "-fdata-sections", "-fpie", "-mcmodel=small",
            "-fno-asynchronous-unwind-tables", "-fcf-protection=none", "-fno-stack-protector", "-mno-red-zone",
            "-ffreestanding"};

    /** A build-id standing for the base image's. */
    static final BuildId BASE_ID = BuildId.parse("00112233445566778899aabbccddeeff00112233");

    static final BuildOptions OPTIONS = new BuildOptions("ground_truth", BASE_ID, Optional.empty(), false);

    /** Options for a payload of this name against {@link #BASE_ID}. */
    static final Function<String, BuildOptions> OPTIONS_FOR =
            name -> new BuildOptions(name, BASE_ID, Optional.empty(), false);

    final List<ElfFile> base;
    final List<ElfFile> patched;

    private TwoBuilds(List<ElfFile> base, List<ElfFile> patched) {
        this.base = base;
        this.patched = patched;
    }

    /** Compiles {@code unit.c} twice: as {@code base} and as {@code patched}. */
    static TwoBuilds of(Path dir, String base, String patched) {
        return of(dir, Map.of("unit", base), Map.of("unit", patched));
    }

    /** Compiles each named source of each build into its own directory ({@code name.c} → {@code name.o}). */
    static TwoBuilds of(Path dir, Map<String, String> base, Map<String, String> patched) {
        return new TwoBuilds(compile(dir.resolve("base"), base, FLAGS), compile(dir.resolve("patched"), patched, FLAGS));
    }

    /** Compiles {@code unit.c} twice with {@link #FLAGS} but flag {@code replaced} replaced by the flags {@code by}. */
    static TwoBuilds withFlag(Path dir, String base, String patched, String replaced, String... by) {
        List<String> list = new ArrayList<>(Arrays.asList(FLAGS));
        int at = list.indexOf(replaced);
        if (at < 0) {
            throw new IllegalArgumentException(replaced + " is not one of the flags");
        }
        list.remove(at);
        list.addAll(at, List.of(by));
        String[] flags = list.toArray(String[]::new);
        return new TwoBuilds(compile(dir.resolve("base"), Map.of("unit", base), flags),
                compile(dir.resolve("patched"), Map.of("unit", patched), flags));
    }

    private static List<ElfFile> compile(Path dir, Map<String, String> sources, String[] flags) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<ElfFile> out = new ArrayList<>();
        new TreeMap<>(sources).forEach((name, source) ->
                out.add(ElfFile.parse(name + ".o", Tools.read(Tools.compile(dir, name, source, flags)))));
        return out;
    }

    BuildResult build() {
        return PayloadBuilder.build(base, patched, OPTIONS);
    }

    ElfFile base(String name) {
        return base.stream().filter(f -> f.fileName().equals(name)).findFirst().orElseThrow();
    }

    ElfFile patched(String name) {
        return patched.stream().filter(f -> f.fileName().equals(name)).findFirst().orElseThrow();
    }
}
