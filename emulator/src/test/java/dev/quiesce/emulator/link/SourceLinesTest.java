package dev.quiesce.emulator.link;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiesce.elf.ElfFile;
import dev.quiesce.elf.Tools;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SourceLines} against binutils' addr2line: gcc -O2 objects of several files with inlined header functions,
 * linked by {@link ImageLinker}; every byte of every placed function has the file and line addr2line gives for
 * the same section and offset of the object.
 */
class SourceLinesTest {

    private static final long BASE = 0x400000;

    @TempDir
    Path dir;

    @Test
    void everyCodeByteHasTheLineAddr2lineGivesForDwarf5() {
        assertEveryByteMatchesAddr2line(dir, "addr2line", LineObjects.compile(dir), false);
    }

    /**
     * A version-4 line table does not name the compilation directory (only {@code .debug_info}'s
     * {@code DW_AT_comp_dir} does, which addr2line reads): our path is the rest of addr2line's after it.
     */
    @Test
    void everyCodeByteHasTheLineAddr2lineGivesForDwarf4UnderTheCompilationDirectory() {
        assertEveryByteMatchesAddr2line(dir, "addr2line", LineObjects.compile(dir, "-gdwarf-4"), true);
    }

    @Test
    void inlinedHeaderFunctionsShowTheirOwnLinesInsideTheirCaller() {
        GuestImage image = ImageLinker.link(LineObjects.compile(dir), BASE);
        PlacedSection nextToken = image.section("tokens.o", ".text.next_token").orElseThrow();
        List<String> files = new ArrayList<>();
        for (long a = nextToken.address(); a < nextToken.end(); a++) {
            image.sourceLines().at(a).ifPresent(l -> files.add(l.file()));
        }
        assertThat(files).contains("tokens.c", "include/textutil.h");
    }

    @Test
    void describeNamesFunctionOffsetAndFileLine() {
        GuestImage image = ImageLinker.link(LineObjects.compile(dir), BASE);
        GuestSymbol classify = image.symbols().require("table_classify");
        String oracle = addr2line(dir, "table.o", ".text.table_classify", List.of(0L)).get(0);
        SourceLine line = image.sourceLines().at(classify.address()).orElseThrow();
        assertThat(oracle).isEqualTo(line.path() + ":" + line.line()).endsWith("/table.c:" + line.line());
        assertThat(image.describe(classify.address())).isEqualTo("table_classify (table.c:%d)".formatted(line.line()));
        assertThat(image.describe(classify.address() + 3)).startsWith("table_classify+0x3 (table.c:");
    }

    @Test
    void objectsWithoutDebugInfoHaveNoLinesAndDescribeIsTheSymbol() {
        GuestImage image = ImageLinker.link(GuestObjects.all(), BASE);
        assertThat(image.sourceLines().isEmpty()).isTrue();
        long cpuMain = image.symbols().require("cpu_main").address();
        assertThat(image.describe(cpuMain + 1)).isEqualTo(image.symbols().symbolize(cpuMain + 1));
    }

    /** Every code byte of {@code objects} linked at {@link #BASE} has the line {@code addr2line} (a binutils program) gives. */
    static void assertEveryByteMatchesAddr2line(Path dir, String addr2line, List<ElfFile> objects, boolean relativeToCompDir) {
        GuestImage image = ImageLinker.link(objects, BASE);
        int checked = 0;
        int withLine = 0;
        for (PlacedSection p : image.sections()) {
            if (p.kind() != SectionKind.TEXT) {
                continue;
            }
            List<Long> offsets = new ArrayList<>();
            for (long off = 0; off < p.size(); off++) {
                offsets.add(off);
            }
            List<String> oracle = addr2line(addr2line, dir, p.object(), p.name(), offsets);
            for (int k = 0; k < offsets.size(); k++) {
                Optional<SourceLine> ours = image.sourceLines().at(p.address() + offsets.get(k));
                String expected = oracle.get(k);
                if (relativeToCompDir && expected.startsWith(dir.toString() + "/")) {
                    expected = expected.substring(dir.toString().length() + 1);
                }
                String actual = ours.map(l -> l.path() + ":" + l.line()).orElse("??:0");
                assertThat(actual).as("%s %s+0x%x", p.object(), p.name(), offsets.get(k)).isEqualTo(expected);
                checked++;
                withLine += ours.isPresent() ? 1 : 0;
            }
        }
        assertThat(checked).isGreaterThan(300);
        assertThat(withLine).isEqualTo(checked);
    }

    /** addr2line's {@code path:line} for each offset of {@code section} of {@code object} (discriminators dropped). */
    static List<String> addr2line(Path dir, String object, String section, List<Long> offsets) {
        return addr2line("addr2line", dir, object, section, offsets);
    }

    static List<String> addr2line(String tool, Path dir, String object, String section, List<Long> offsets) {
        List<String> command = new ArrayList<>(List.of(tool, "-e", object, "-j", section));
        offsets.forEach(o -> command.add("0x" + Long.toHexString(o)));
        List<String> out = new ArrayList<>();
        for (String line : Tools.run(dir, command.toArray(String[]::new)).split("\n")) {
            String l = line.replaceAll(" \\(discriminator \\d+\\)$", "");
            out.add(l.endsWith(":0") || l.startsWith("??") ? "??:0" : l);
        }
        return out;
    }
}
