package dev.quiesce.usercode;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Diffs made by GNU diffutils' {@code diff -u} (the oracle) turn the base tree into exactly the edited one. */
class DiffApplierTest {

    @TempDir
    Path dir;

    @Property(tries = 60, seed = "17")
    void diffUOfARandomEditAppliesToExactlyTheEditedFile(@ForAll @IntRange(min = 1, max = 1_000_000) int salt)
            throws Exception {
        Random r = new Random(salt);
        Path tmp = Files.createTempDirectory("diffprop");
        try {
            check(r, tmp);
        } finally {
            try (var s = Files.walk(tmp)) {
                for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    private static void check(Random r, Path tmp) throws Exception {
        List<String> base = new ArrayList<>();
        for (int i = r.nextInt(60); i > 0; i--) {
            base.add("line " + r.nextInt(8));   // few distinct lines: repeated context, as in real C
        }
        List<String> edited = new ArrayList<>(base);
        for (int k = 1 + r.nextInt(6); k > 0; k--) {
            int at = edited.isEmpty() ? 0 : r.nextInt(edited.size() + 1);
            switch (r.nextInt(3)) {
                case 0 -> edited.add(at, "new " + r.nextInt(100));
                case 1 -> { if (at < edited.size()) edited.remove(at); }
                default -> { if (at < edited.size()) edited.set(at, "changed " + r.nextInt(100)); }
            }
        }
        Files.createDirectories(tmp.resolve("a"));
        Files.createDirectories(tmp.resolve("b"));
        Files.write(tmp.resolve("a/f.c"), base);
        Files.write(tmp.resolve("b/f.c"), edited);
        String diff = run(tmp, "diff", "-u", "-U", String.valueOf(r.nextInt(4)), "a/f.c", "b/f.c");
        if (diff.isEmpty()) {
            return; // the edits cancelled out
        }
        DiffApplier.apply(tmp.resolve("a"), UnifiedDiff.parse(diff, "fix.diff"), "fix.diff", tmp.resolve("out"));
        assertThat(Files.readAllLines(tmp.resolve("out/f.c"))).isEqualTo(edited);
        assertThat(Files.readAllLines(tmp.resolve("a/f.c"))).isEqualTo(base);
    }

    @Test
    void aGitDiffOfSeveralFilesCreatesChangesAndDeletes() throws Exception {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        write(a.resolve("lib/x.c"), "int x(void)\n{\n    return 1;\n}\n");
        write(a.resolve("gone.c"), "int gone;\n");
        write(a.resolve("same.h"), "#define N 3\n");
        write(b.resolve("lib/x.c"), "int x(void)\n{\n    return 2;\n}\n");
        write(b.resolve("new.c"), "int fresh(void) { return 7; }\n");
        write(b.resolve("same.h"), "#define N 3\n");
        String diff = run(dir, "git", "diff", "--no-index", "--src-prefix=", "--dst-prefix=", "a", "b");
        DiffApplier.apply(a, UnifiedDiff.parse(diff, "fix.patch"), "fix.patch", dir.resolve("out"));
        assertThat(Files.readString(dir.resolve("out/lib/x.c"))).contains("return 2;");
        assertThat(Files.readString(dir.resolve("out/new.c"))).isEqualTo("int fresh(void) { return 7; }\n");
        assertThat(dir.resolve("out/gone.c")).doesNotExist();
        assertThat(Files.readString(dir.resolve("out/same.h"))).isEqualTo("#define N 3\n");
    }

    @Test
    void aHunkWhoseContextIsNotInTheBaseIsRefusedNamingIt() throws IOException {
        write(dir.resolve("a/f.c"), "one\ntwo\nthree\n");
        String diff = "--- a/f.c\n+++ b/f.c\n@@ -1,3 +1,3 @@\n one\n-TWO\n+2\n three\n";
        assertThatThrownBy(() -> DiffApplier.apply(dir.resolve("a"), UnifiedDiff.parse(diff, "fix.diff"), "fix.diff",
                dir.resolve("out"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("fix.diff: hunk 1 of f.c (old line 1) does not apply: the file differs there; make the diff"
                        + " against these sources");
    }

    @Test
    void pathsOutsideTheTreeAreRefused() {
        for (String p : List.of("/etc/passwd", "a/../x.c", "a/b/../../x.c")) {
            String diff = "--- " + p + "\n+++ " + p + "\n@@ -1 +1 @@\n-a\n+b\n";
            assertThatThrownBy(() -> UnifiedDiff.parse(diff, "evil.diff")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("is not a relative path inside the tree");
        }
    }

    @Test
    void aHunkShorterThanItsHeaderIsRefused() {
        String diff = "--- a/f.c\n+++ b/f.c\n@@ -1,3 +1,3 @@\n one\n-two\n";
        assertThatThrownBy(() -> UnifiedDiff.parse(diff, "fix.diff")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("fix.diff:3: the hunk has 2 old and 1 new lines, its header says 3 and 3");
    }

    @Test
    void textWithoutAFileChangeIsRefused() {
        assertThatThrownBy(() -> UnifiedDiff.parse("just a commit message\n", "fix.diff"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("changes no file");
    }

    private static void write(Path p, String s) throws IOException {
        Files.createDirectories(p.getParent());
        Files.writeString(p, s, StandardCharsets.UTF_8);
    }

    private static String run(Path cwd, String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int rc = p.waitFor();
        assertThat(rc).as(String.join(" ", cmd) + ": " + out).isIn(0, 1);
        return out;
    }
}
