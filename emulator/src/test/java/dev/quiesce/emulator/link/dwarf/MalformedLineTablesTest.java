package dev.quiesce.emulator.link.dwarf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiesce.elf.ElfFile;
import dev.quiesce.elf.ElfSection;
import dev.quiesce.elf.Tools;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * A damaged line table is refused as malformed ({@link DwarfFormatException}, no rows) or read, never with
 * another exception (no out-of-bounds read, no null, no overflow): random byte changes to the
 * {@code .debug_line} and {@code .debug_line_str} of a real gcc object (DWARF 5 and 4).
 */
class MalformedLineTablesTest {

    private static final String SOURCE = """
            static inline int twice(int v) { return v * 2; }
            int counter;
            int step(int n) {
                for (int i = 0; i < n; i++) {
                    counter += twice(i) ^ n;
                }
                return counter;
            }
            int other(int a, int b) { return a > b ? step(a) : step(b) + 1; }
            """;
    private static byte[] dwarf5;
    private static byte[] dwarf4;

    record Damage(boolean v4, boolean inStrings, List<Integer> positions, List<Integer> values) {
    }

    @Property(tries = 400, seed = "17")
    void damagedLineTablesAreReadOrRefusedAsMalformedNeverCrashTheReader(@ForAll("damage") Damage d) {
        byte[] bytes = (d.v4 ? v4() : v5()).clone();
        ElfFile clean = ElfFile.parse("o.o", bytes);
        ElfSection target = clean.findSection(d.inStrings && !d.v4 ? ".debug_line_str" : ".debug_line").orElseThrow();
        for (int k = 0; k < d.positions.size(); k++) {
            bytes[(int) (target.offset() + d.positions.get(k) % target.size())] = (byte) (int) d.values.get(k);
        }
        ElfFile damaged = ElfFile.parse("o.o", bytes);
        List<LineSequence> sequences;
        try {
            sequences = ObjectLines.readOrThrow(damaged);
        } catch (DwarfFormatException refused) {
            assertThat(ObjectLines.read(damaged)).isEmpty();
            return;
        }
        for (LineSequence s : sequences) {
            assertThat(s.rows()).isNotEmpty();
            assertThat(s.sectionIndex()).isBetween(1, clean.sections().size() - 1);
        }
    }

    @Provide
    Arbitrary<Damage> damage() {
        Arbitrary<List<Integer>> positions = Arbitraries.integers().between(0, 1 << 20).list().ofMinSize(1).ofMaxSize(6);
        Arbitrary<List<Integer>> values = Arbitraries.integers().between(0, 255).list().ofSize(6);
        return net.jqwik.api.Combinators.combine(Arbitraries.of(true, false), Arbitraries.of(true, false), positions, values)
                .as(Damage::new);
    }

    @Example
    void anUndamagedObjectHasOneSequencePerFunction() {
        for (byte[] o : List.of(v5(), v4())) {
            List<LineSequence> sequences = ObjectLines.read(ElfFile.parse("o.o", o));
            assertThat(sequences).hasSize(2);
        }
    }

    @Example
    void aUnitLongerThanItsSectionGivesNoRows() {
        byte[] bytes = v5().clone();
        ElfSection line = ElfFile.parse("o.o", bytes).findSection(".debug_line").orElseThrow();
        bytes[(int) line.offset() + 3] = 0x7f; // unit_length 0x7fxxxxxx: far past the section
        assertThat(ObjectLines.read(ElfFile.parse("o.o", bytes))).isEmpty();
    }

    private static synchronized byte[] v5() {
        if (dwarf5 == null) {
            dwarf5 = compile("-gdwarf-5");
        }
        return dwarf5;
    }

    private static synchronized byte[] v4() {
        if (dwarf4 == null) {
            dwarf4 = compile("-gdwarf-4");
        }
        return dwarf4;
    }

    private static byte[] compile(String version) {
        try {
            Path dir = Files.createTempDirectory("lines");
            Path o = Tools.compile(dir, "o", SOURCE, "-O2", version, "-ffunction-sections", "-fpie",
                    "-fno-asynchronous-unwind-tables");
            return Tools.read(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
