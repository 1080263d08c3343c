package dev.quiesce.usercode.textlib;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The textlib library and its fixes (issue 17, "Show it"; test resources {@code usercode/textlib}):
 * gcc's own output decides which functions each fix changes, and the library's own output, run
 * natively, shows each fix's behaviour change. The manifests the payload builder is held to
 * ({@code expected-functions.txt}) are checked here against the objects, function by function.
 */
class TextlibFixesTest {

    @TempDir
    static Path work;

    static TextlibBuilds builds;
    static Map<String, String> baseProbe;

    @BeforeAll
    static void buildBase() {
        builds = new TextlibBuilds(work);
        baseProbe = builds.probe(List.of());
    }

    static Stream<String> fixes() {
        return Textlib.fixes().stream();
    }

    @ParameterizedTest
    @MethodSource("fixes")
    void eachFixChangesExactlyTheFunctionsItsManifestNames(String fix) {
        FunctionDiff diff = FunctionDiff.between(builds.baseObjects(), builds.objects(List.of(fix)));

        assertThat(diff.lines()).as(fix).containsExactlyInAnyOrderElementsOf(Textlib.manifest(fix, "expected-functions.txt"));
    }

    @Test
    void baseBuiltAgainElsewhereChangesNothing() {
        Path copy = Textlib.baseTree(work.resolve("again"));

        FunctionDiff diff = FunctionDiff.between(builds.baseObjects(), Gcc.compileUser(copy, work.resolve("again-o"), builds.includes()));

        assertThat(diff.lines()).isEmpty();
    }

    @Test
    void inlinedHelpersHaveNoFunctionOfTheirOwnButTheStaticBuiltinDoes() {
        Map<String, String> functions = new TreeMap<>();
        builds.baseObjects().forEach(o -> functions.putAll(new ElfListing(o).functionSections));

        assertThat(functions).doesNotContainKeys("eval.c#tl_floor_mod", "lexer.c#tl_lex_escape",
                "lexer.c#tl_lex_string", "lexer.c#tl_lex_error");
        assertThat(functions).containsKeys("tl_eval_arith", "tl_lex_next", "builtins.c#bi_substr",
                "builtins.c#bi_round", "tl_print_block", "tl_print_stmt");
    }

    @Test
    void escapeSwitchFixChangesOnlyTheSwitchTableNotTheInstructions() {
        Path patched = builds.objects(List.of("escape-switch")).stream()
                .filter(o -> o.getFileName().toString().equals("lexer.o")).findFirst().orElseThrow();
        Path base = builds.baseObjects().stream().filter(o -> o.getFileName().toString().equals("lexer.o")).findFirst().orElseThrow();

        List<String> before = FunctionFingerprints.of(new ElfListing(base)).get("tl_lex_next");
        List<String> after = FunctionFingerprints.of(new ElfListing(patched)).get("tl_lex_next");

        assertThat(instructions(after)).isEqualTo(instructions(before));
        assertThat(after).isNotEqualTo(before);
        assertThat(after).anyMatch(l -> l.contains("ro:"));
    }

    @ParameterizedTest
    @MethodSource("fixes")
    void eachFixChangesItsOwnProbeFieldAndNoOther(String fix) {
        Map<String, String> expected = new LinkedHashMap<>();
        Textlib.manifest(fix, "expected-probe.txt").forEach(l -> expected.put(l.substring(0, l.indexOf(' ')), l.substring(l.indexOf(' ') + 1)));
        String field = expected.get("after").substring(0, expected.get("after").indexOf('='));

        Map<String, String> after = builds.probe(List.of(fix));

        assertThat(field + "=" + baseProbe.get(field)).isEqualTo(expected.get("before"));
        assertThat(field + "=" + after.get(field)).isEqualTo(expected.get("after"));
        Map<String, String> othersBefore = new LinkedHashMap<>(baseProbe);
        Map<String, String> othersAfter = new LinkedHashMap<>(after);
        othersBefore.remove(field);
        othersAfter.remove(field);
        assertThat(othersAfter).isEqualTo(othersBefore);
    }

    @Test
    void mixingOldAndNewPrettyPrinterFunctionsGivesOutputNeitherVersionGives() {
        String base = read(Textlib.base().resolve("print.c"));
        String fixed = read(Textlib.patchedTree("pretty-terminator", work.resolve("pp-fixed")).resolve("print.c"));
        String oldBlockNewStmt = CFunctions.replace(fixed, "tl_print_block", CFunctions.text(base, "tl_print_block"));
        String newBlockOldStmt = CFunctions.replace(fixed, "tl_print_stmt", CFunctions.text(base, "tl_print_stmt"));

        String before = baseProbe.get("pp");
        String after = builds.probe(List.of("pretty-terminator")).get("pp");
        String mixed1 = builds.probe("pp-mixed1", () -> withPrint(oldBlockNewStmt, "pp-mixed1")).get("pp");
        String mixed2 = builds.probe("pp-mixed2", () -> withPrint(newBlockOldStmt, "pp-mixed2")).get("pp");

        assertThat(List.of(before, after, mixed1, mixed2)).doesNotHaveDuplicates();
        assertThat(mixed1).endsWith("reparse-failed");
        assertThat(mixed2).endsWith("reparse-failed");
    }

    @Test
    void libraryIsAtLeast1500LinesOfC() {
        long lines = Textlib.sources(Textlib.base()).stream().mapToLong(p -> read(p).lines().count()).sum();

        assertThat(lines).isGreaterThanOrEqualTo(1500);
        assertThat(Textlib.sources(Textlib.base())).hasSizeGreaterThanOrEqualTo(8);
    }

    private static Path withPrint(String printC, String name) {
        Path tree = Textlib.patchedTree("pretty-terminator", work.resolve(name));
        try {
            Files.writeString(tree.resolve("print.c"), printC);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return tree;
    }

    private static List<String> instructions(List<String> fingerprint) {
        return fingerprint.stream().filter(l -> !l.startsWith("R_X86_64_")).toList();
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
