package dev.quiesce.cli.payload;

import dev.quiesce.cli.CliRun;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import static dev.quiesce.cli.payload.Cli.quiesce;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code payload build} refusing a change it cannot turn into a loadable payload — {@code -fno-pic} code, GOT
 * references, a function too small for the JMP, changed data — on objects gcc compiles here: exit 2, one
 * {@code error:} line (a list when there are several), no stack trace, nothing on disk and an existing output as it
 * was; and one fixable object beside a good one is enough to refuse the whole build.
 */
class BuildCommandRefusalTest {

    /** The common flags; each case adds its own code model. */
    private static final List<String> FLAGS = List.of("gcc", "-c", "-std=gnu11", "-O2", "-ffreestanding",
            "-ffunction-sections", "-fdata-sections", "-mno-red-zone", "-fno-asynchronous-unwind-tables",
            "-fcf-protection=none", "-fno-stack-protector", "-fno-common");
    private static final String PIE = "-fpie -mcmodel=small";

    /** A depends build-id: the checks here do not need the base image. */
    private static final String DEPENDS = "00112233445566778899aabbccddeeff00112233";

    /** Each case: base source, patched source, code-model flags, and what the refusal says. */
    private record Case(String base, String patched, String flags, String says) {
    }

    private static final Map<String, Case> CASES = new TreeMap<>(Map.of(
            "nopic", new Case("extern void sink(const char *);\nint table[8];\nint pick(int i) { sink(\"p\"); return table[i & 7] * 3; }\n",
                    "extern void sink(const char *);\nint table[8];\nint pick(int i) { sink(\"p\"); return table[i & 7] * 5; }\n",
                    "-fno-pic -mcmodel=small", "nopic.o (nopic.c): pick uses absolute 32-bit addresses (R_X86_64_32"),
            "got", new Case("int counter;\nint bump(int i) { counter += i; return counter * 3; }\n",
                    "int counter;\nint bump(int i) { counter += 2 * i; return counter * 3; }\n",
                    "-fpic", "got.o (got.c): bump reaches symbols through the GOT (R_X86_64_REX_GOTPCRELX 'counter'"),
            "tiny", new Case("int tiny(void) { return 0; }\n", "int tiny(void) { return 1; }\n", PIE,
                    "function 'tiny' in tiny.o (tiny.c) is 3 bytes in the base build; a JMP needs 5 — too small to patch"),
            "data", new Case("int limit = 10;\nint check(int x) { return x < limit; }\n",
                    "int limit = 20;\nint check(int x) { return x < limit; }\n", PIE,
                    "data.o (data.c) changes data 'limit' (.data.limit; its initial value changed")));

    /** A fix that builds: a changed function of position-independent code. */
    private static final Case GOOD = new Case("int scale(int a) { return a * 3 + (a >> 2); }\n",
            "int scale(int a) { return a * 5 + (a >> 2); }\n", PIE, "");

    private static Path dir;

    @BeforeContainer
    static void compileEveryCase() throws Exception {
        dir = Files.createTempDirectory("build-refusal");
        Map<String, Case> all = new TreeMap<>(CASES);
        all.put("good", GOOD);
        for (var e : all.entrySet()) {
            compile(dir.resolve("objects/base"), e.getKey(), e.getValue().base(), e.getValue().flags());
            compile(dir.resolve("objects/patched"), e.getKey(), e.getValue().patched(), e.getValue().flags());
        }
    }

    @AfterContainer
    static void removeTheObjects() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Example
    void nonPicCode_exits2_withOneErrorLineAndTheFpieFix_andWritesNothing() throws IOException {
        Path out = dir.resolve("nopic-run/fix.livepatch");

        CliRun r = build(Set.of("nopic"), out);

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().lines().toList()).singleElement().asString()
                .startsWith("error: cannot live-patch: " + CASES.get("nopic").says())
                .contains("compile with -fpie -mcmodel=small").doesNotContain("at dev.quiesce");
        assertThat(r.out()).isEmpty();
        assertThat(out.getParent()).as("nothing claimed, not even the folder").doesNotExist();
    }

    @Example
    void refusal_leavesAnExistingOutputUntouched_evenWithForce() throws IOException {
        Path out = dir.resolve("existing.livepatch");
        Files.writeString(out, "the payload that runs today");

        CliRun r = quiesce("payload", "build", "--base", base(Set.of("got")), "--patched", patched(Set.of("got")),
                "--name", "fix", "--depends", DEPENDS, "-o", out, "--force");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: cannot live-patch: " + CASES.get("got").says())
                .contains("compile with -fvisibility=hidden");
        assertThat(Files.readString(out)).isEqualTo("the payload that runs today");
        assertThat(leftovers()).isEmpty();
    }

    @Example
    void goodChange_isWrittenWithItsCompleteReport() throws IOException {
        Path out = dir.resolve("good-run/fix.livepatch");

        CliRun r = build(Set.of(), out);

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("payload fix: 1 changed function(s), 0 new;")
                .contains("good.o (good.c):\n  changed scale:").contains("wrote " + out + ": 1 changed, 0 new function(s)");
        assertThat(out).isRegularFile();
    }

    @Provide
    Arbitrary<Set<String>> problems() {
        return Arbitraries.of(CASES.keySet()).set().ofMinSize(1);
    }

    @Property(tries = 15, seed = "1717")
    void anyProblemBesideAGoodFix_exits2_listsEachProblem_andWritesNothing(@ForAll("problems") Set<String> problems)
            throws IOException {
        Path out = dir.resolve("property/" + String.join("-", problems.stream().sorted().toList()) + "/fix.livepatch");

        CliRun r = build(problems, out);

        assertThat(r.exit()).isEqualTo(2);
        List<String> lines = r.err().lines().toList();
        if (problems.size() == 1) {
            assertThat(lines).singleElement().asString().startsWith("error: cannot live-patch: ");
        } else {
            assertThat(lines.getFirst()).isEqualTo("error: cannot live-patch (%d problems):".formatted(problems.size()));
            assertThat(lines.subList(1, lines.size())).hasSize(problems.size()).allMatch(l -> l.startsWith("  - "));
        }
        problems.forEach(p -> assertThat(r.err()).contains(CASES.get(p).says()));
        assertThat(r.out()).isEmpty();
        assertThat(out.getParent()).doesNotExist();
        assertThat(leftovers()).isEmpty();
    }

    private static CliRun build(Set<String> problems, Path out) {
        return quiesce("payload", "build", "--base", base(problems), "--patched", patched(problems), "--name", "fix",
                "--depends", DEPENDS, "-o", out);
    }

    /** The good object and the problem objects of the base build, comma-separated. */
    private static String base(Set<String> problems) {
        return objects("base", problems);
    }

    private static String patched(Set<String> problems) {
        return objects("patched", problems);
    }

    private static String objects(String build, Set<String> problems) {
        List<String> names = new ArrayList<>(List.of("good"));
        names.addAll(problems.stream().sorted().toList());
        return String.join(",", names.stream().map(n -> dir.resolve("objects/" + build + "/" + n + ".o").toString()).toList());
    }

    /** Temporary files a write would have left beside an output. */
    private static List<Path> leftovers() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".part")).toList();
        }
    }

    private static void compile(Path into, String name, String source, String flags) {
        try {
            Files.createDirectories(into);
            Files.writeString(into.resolve(name + ".c"), source);
            List<String> cmd = new ArrayList<>(FLAGS);
            cmd.addAll(List.of(flags.split(" ")));
            cmd.addAll(List.of("-o", name + ".o", name + ".c"));
            Cli.run(into, cmd.toArray(String[]::new));
            Files.delete(into.resolve(name + ".c"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
