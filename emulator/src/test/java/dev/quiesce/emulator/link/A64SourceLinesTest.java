package dev.quiesce.emulator.link;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiesce.elf.Elf;
import dev.quiesce.elf.ElfFile;
import dev.quiesce.elf.Tools;
import dev.quiesce.isa.Arch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SourceLines} of AArch64 objects, whose {@code .debug_line} is relocated by {@code R_AARCH64_ABS64} (code
 * addresses) and {@code R_AARCH64_ABS32} (string offsets), against {@code aarch64-linux-gnu-addr2line}.
 */
class A64SourceLinesTest {

    @TempDir
    Path dir;

    @Test
    void everyCodeByteHasTheLineAarch64Addr2lineGives() {
        List<ElfFile> objects = compile();
        assertThat(objects).allMatch(o -> o.machine() == Elf.EM_AARCH64);
        assertThat(objects.stream().flatMap(o -> o.relocationSections().stream())
                .filter(r -> r.section().name().equals(".rela.debug_line")).flatMap(r -> r.relocations().stream())
                .map(r -> r.type()).distinct().sorted().toList())
                .containsExactly(Elf.R_AARCH64_ABS64, Elf.R_AARCH64_ABS32);
        assertThat(ImageLinker.link(objects, 0x400000).arch()).isEqualTo(Arch.AARCH64);
        SourceLinesTest.assertEveryByteMatchesAddr2line(dir, "aarch64-linux-gnu-addr2line", objects, false);
    }

    /** The sources of {@link LineObjects} built for AArch64 (floating point allowed: table.c uses it). */
    private List<ElfFile> compile() {
        LineObjects.copy(dir, "include/textutil.h");
        List<ElfFile> objects = new ArrayList<>();
        for (String source : LineObjects.SOURCES) {
            LineObjects.copy(dir, source);
            String object = source.replace(".c", ".o");
            List<String> command = new ArrayList<>(List.of("aarch64-linux-gnu-gcc", "-c", "-std=gnu11", "-g", "-Iinclude"));
            command.addAll(A64Toolchain.FLAGS.stream().filter(f -> !f.equals("-mgeneral-regs-only")).toList());
            command.addAll(List.of("-o", object, source));
            Tools.run(dir, command.toArray(String[]::new));
            objects.add(ElfFile.parse(object, Tools.read(dir.resolve(object))));
        }
        return objects;
    }
}
