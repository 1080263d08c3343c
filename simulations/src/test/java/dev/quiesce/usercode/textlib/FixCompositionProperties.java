package dev.quiesce.usercode.textlib;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.constraints.IntRange;

/**
 * Properties of textlib's fixes taken together: fixes that replace different files are independent —
 * applied together they change exactly the union of the functions each changes alone, and each moves
 * its own probe field and no other.
 */
class FixCompositionProperties {

    /** Fixes that replace the same file are alternatives: at most one of each group is applied. */
    static final List<List<String>> GROUPS = List.of(
            List.of("inline-floor-mod"),
            List.of("error-typo", "escape-switch"),
            List.of("substr-negative", "round-helper"),
            List.of("pretty-terminator"));

    private static TextlibBuilds builds;

    private static synchronized TextlibBuilds builds() {
        if (builds == null) {
            try {
                Path target = Files.createDirectories(Path.of("target").toAbsolutePath());
                builds = new TextlibBuilds(Files.createTempDirectory(target, "textlib-properties-"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return builds;
    }

    @AfterContainer
    static synchronized void removeBuilds() throws IOException {
        if (builds == null) {
            return;
        }
        try (Stream<Path> all = Files.walk(builds.work())) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        builds = null;
    }

    @Property(tries = 5, seed = "17")
    void fixesOfDifferentFilesComposeToTheUnionOfTheirChanges(@ForAll @IntRange(min = 0, max = 1) int eval,
                                                              @ForAll @IntRange(min = 0, max = 2) int lexer,
                                                              @ForAll @IntRange(min = 0, max = 2) int builtins,
                                                              @ForAll @IntRange(min = 0, max = 1) int print) {
        int[] choice = {eval, lexer, builtins, print};
        List<String> fixes = new ArrayList<>();
        for (int g = 0; g < GROUPS.size(); g++) {
            if (choice[g] > 0) {
                fixes.add(GROUPS.get(g).get(choice[g] - 1));
            }
        }
        List<String> expected = new ArrayList<>();
        fixes.forEach(f -> expected.addAll(Textlib.manifest(f, "expected-functions.txt")));

        FunctionDiff diff = FunctionDiff.between(builds().baseObjects(), builds().objects(fixes));
        Map<String, String> probe = builds().probe(fixes);

        assertThat(diff.lines()).as(fixes.toString()).containsExactlyInAnyOrderElementsOf(expected);
        for (String fix : Textlib.fixes()) {
            String want = Textlib.manifest(fix, "expected-probe.txt").stream()
                    .filter(l -> l.startsWith(fixes.contains(fix) ? "after " : "before ")).findFirst().orElseThrow();
            String field = want.substring(want.indexOf(' ') + 1, want.indexOf('='));
            assertThat(field + "=" + probe.get(field)).as(fixes + " " + fix).isEqualTo(want.substring(want.indexOf(' ') + 1));
        }
    }
}
