package dev.quiesce.payload.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiesce.elf.ElfFile;
import dev.quiesce.elf.Tools;
import dev.quiesce.payload.Expectation;
import dev.quiesce.payload.FunctionSpec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a built payload holds, read back by binutils: carried sections, names resolved in the base, expectations. */
class PayloadBuilderOutputTest {

    @TempDir
    Path dir;

    private static final String LOGGER = """
            extern void sink(const char *);
            static int calls;
            void log_event(int x) { calls++; sink(x > 0 ? "positive" : "other"); }
            int log_calls(void) { return calls * 2 + 1; }
            """;

    @Test
    void payload_carriesTheNewStringsAndRefersToUnchangedSymbolsByName() {
        TwoBuilds b = TwoBuilds.of(dir, LOGGER, LOGGER.replace("\"positive\"", "\"strictly positive\""));
        Path payload = write(b.build().payload());

        assertThat(Tools.run(dir, "readelf", "-p", ".rodata.log_event.str1.1", payload.toString()))
                .contains("strictly positive").contains("other");
        String symbols = Tools.run(dir, "readelf", "-sW", payload.toString());
        assertThat(symbols).containsPattern("FUNC +GLOBAL +DEFAULT +\\d+ log_event\\n");
        assertThat(symbols).containsPattern("NOTYPE +GLOBAL +DEFAULT +UND sink\\n");
        // the static counter stays the base image's, found by Xen's name for a static symbol
        assertThat(symbols).containsPattern("NOTYPE +GLOBAL +DEFAULT +UND unit.c#calls\\n");
        assertThat(symbols).doesNotContain("log_calls");
        String relocations = Tools.run(dir, "readelf", "-rW", payload.toString());
        assertThat(relocations).contains("Relocation section '.rela.text.log_event'").contains("unit.c#calls - 5");
    }

    @Test
    void build_isReproducible() {
        BuildResult first = TwoBuilds.of(dir.resolve("one"), LOGGER, LOGGER.replace("calls++", "calls += 2")).build();
        BuildResult second = TwoBuilds.of(dir.resolve("two"), LOGGER, LOGGER.replace("calls++", "calls += 2")).build();

        assertThat(second.payload()).isEqualTo(first.payload());
        assertThat(ElfFile.parse("p", second.payload()).buildId()).isPresent()
                .isEqualTo(ElfFile.parse("p", first.payload()).buildId());
        assertThat(second.report()).isEqualTo(first.report());
    }

    @Test
    void expectation_isTheOldFunctionsFirstBytesAsCompiled() {
        String source = "int mix(int a, int b) { return ((a * 7 + b) ^ (a >> 3) ^ (b << 5) ^ 0x1234567) + (a + b) * 13 - a / 3; }\n";
        TwoBuilds b = TwoBuilds.of(dir, source, source.replace("0x1234567", "0x7654321"));
        byte[] code = extract(dir.resolve("base"), "unit.o", ".text.mix");
        assertThat(code.length).isGreaterThan(Expectation.MAX_LENGTH);

        FunctionSpec f = functionOf(b, "mix");

        assertThat(f.expect()).isEqualTo(Expectation.of(Arrays.copyOf(code, Expectation.MAX_LENGTH)));
    }

    @Test
    void expectation_stopsBeforeTheFirstRelocatedField() {
        String source = "extern int table[];\nint pick(int i) { return table[i & 7] + 1; }\n";
        TwoBuilds b = TwoBuilds.of(dir, source, source.replace("+ 1", "+ 2"));
        long firstRelocation = b.base("unit.o").relocationSections().stream()
                .filter(rs -> rs.section().name().equals(".rela.text.pick")).findFirst().orElseThrow()
                .relocations().getFirst().offset();
        byte[] code = extract(dir.resolve("base"), "unit.o", ".text.pick");

        FunctionSpec f = functionOf(b, "pick");

        assertThat(firstRelocation).isPositive();
        assertThat(f.expect()).isEqualTo(Expectation.of(Arrays.copyOf(code, (int) firstRelocation)));
    }

    private FunctionSpec functionOf(TwoBuilds b, String name) {
        BuildResult r = PayloadBuilder.build(b.base, b.patched, new BuildOptions("expect", TwoBuilds.BASE_ID, Optional.empty(), true));
        assertThat(r.changedFunctions()).containsExactly(name);
        List<FunctionSpec> specs = FunctionSpecs.of(r.payload());
        assertThat(specs).hasSize(1);
        return specs.getFirst();
    }

    private byte[] extract(Path objects, String object, String section) {
        Path out = dir.resolve(section.replace('.', '_') + ".bin");
        Tools.run(objects, "objcopy", "-O", "binary", "--only-section=" + section, object, out.toString());
        return Tools.read(out);
    }

    private Path write(byte[] payload) {
        try {
            return Files.write(dir.resolve("out.livepatch"), payload);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
