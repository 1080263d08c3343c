package dev.quiesce.payload.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.quiesce.elf.ElfFile;
import dev.quiesce.elf.ElfRelocation;
import dev.quiesce.payload.PayloadReader;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the builder refuses, on objects gcc compiles here — {@code -fno-pic} absolute addresses, GOT references,
 * thread-local storage, a function too small for the JMP, changed data — each with a sentence naming the object, the
 * function, the relocation and the fix; and for each, the advised fix applied to the sources builds a payload Xen's
 * loader accepts, so the advice is never the cause. Before each refusal, the test asserts gcc emitted what is refused.
 */
class PayloadBuilderRefusalTest {

    @TempDir
    Path dir;

    static final String NOPIC = """
            extern void sink(const char *);
            int table[8];
            int pick(int i) { sink("picked"); return table[i & 7] * 3; }
            """;

    @Test
    void nonPicCode_isRefusedWithTheFpieFix() {
        TwoBuilds b = TwoBuilds.withFlag(dir.resolve("nopic"), NOPIC, NOPIC.replace("* 3", "* 5"), "-fpie", "-fno-pic");
        assertThat(types(b.patched("unit.o"))).contains("R_X86_64_32", "R_X86_64_32S");

        UnpatchableChangeException e = refusal(b);

        assertThat(e.reasons()).singleElement().asString()
                .startsWith("unit.o (unit.c): pick uses absolute 32-bit addresses (R_X86_64_32 '.rodata.pick.str1.1' at pick+0x")
                .contains("R_X86_64_32S 'table' at pick+0x")
                .contains("Xen's x86 loader refuses (-EOPNOTSUPP; it applies only R_X86_64_NONE, R_X86_64_64, R_X86_64_PC32"
                        + " and R_X86_64_PLT32)");
        assertThat(advice(e)).contains("compile with -fpie -mcmodel=small").doesNotContain("-fno-pic");

        assertLoads(TwoBuilds.of(dir.resolve("fpie"), NOPIC, NOPIC.replace("* 3", "* 5")).build());
    }

    static final String GOT = """
            int counter;
            extern int other;
            int bump(int i) { counter += i; return counter + other; }
            """;

    @Test
    void defaultVisibilityUnderFpic_isRefusedWithTheHiddenVisibilityFix() {
        TwoBuilds b = TwoBuilds.withFlag(dir.resolve("fpic"), GOT, GOT.replace("+= i", "+= 2 * i"), "-fpie", "-fpic");
        assertThat(types(b.patched("unit.o"))).containsOnly("R_X86_64_REX_GOTPCRELX");

        UnpatchableChangeException e = refusal(b);

        assertThat(e.reasons()).singleElement().asString()
                .startsWith("unit.o (unit.c): bump reaches symbols through the GOT (R_X86_64_REX_GOTPCRELX 'counter' at bump+0x")
                .contains("R_X86_64_REX_GOTPCRELX 'other' at bump+0x");
        assertThat(advice(e)).contains("give 'counter' hidden visibility: compile with -fvisibility=hidden")
                .contains("declare 'other' with __attribute__((visibility(\"hidden\")))").doesNotContain("-fpic");

        String fixed = GOT.replace("extern int other;", "extern int other __attribute__((visibility(\"hidden\")));");
        assertLoads(TwoBuilds.withFlag(dir.resolve("hidden"), fixed, fixed.replace("+= i", "+= 2 * i"), "-fpie",
                "-fpic", "-fvisibility=hidden").build());
    }

    static final String HANDLER = """
            extern void handler(void);
            void *pick_handler(int i) { return i > 3 ? (void *)handler : (void *)0; }
            """;

    @Test
    void externalFunctionAddressUnderFpie_isRefusedUntilItsDeclarationIsHidden() {
        String patched = HANDLER.replace("i > 3", "i > 4");
        TwoBuilds hiddenByFlag = TwoBuilds.withFlag(dir.resolve("flag"), HANDLER, patched, "-fpie", "-fpie",
                "-fvisibility=hidden");
        assertThat(types(hiddenByFlag.patched("unit.o"))).as("-fvisibility=hidden does not cover declarations")
                .contains("R_X86_64_REX_GOTPCRELX");

        UnpatchableChangeException e = refusal(hiddenByFlag);

        assertThat(advice(e)).isEqualTo("declare 'handler' with __attribute__((visibility(\"hidden\"))), or between"
                + " #pragma GCC visibility push(hidden) and pop (-fvisibility=hidden covers definitions, not declarations)");

        String fixed = "#pragma GCC visibility push(hidden)\n" + HANDLER.replace("void *pick", "#pragma GCC visibility pop\nvoid *pick");
        assertLoads(TwoBuilds.of(dir.resolve("pragma"), fixed, fixed.replace("i > 3", "i > 4")).build());
    }

    @Test
    void threadLocalVariable_isRefused() {
        String source = "__thread int seen;\nint count_seen(int x) { seen += x; return seen * 3; }\n";
        TwoBuilds b = TwoBuilds.of(dir, source, source.replace("* 3", "* 7"));
        assertThat(types(b.patched("unit.o"))).contains("R_X86_64_TPOFF32");

        UnpatchableChangeException e = refusal(b);

        assertThat(e.reasons()).singleElement().asString()
                .startsWith("unit.o (unit.c): count_seen uses thread-local storage (R_X86_64_TPOFF32 'seen' at count_seen+0x");
        assertThat(advice(e)).contains("make the variable an ordinary one");
    }

    static final String TINY = """
            int zero(void) { return 0; }
            int user(int x) { return x * 3 + zero() - (x >> 2) * 11; }
            """;

    @Test
    void tooSmallFunction_isRefused_andPatchingItsCallersAsAdvisedWorks() {
        TwoBuilds b = TwoBuilds.of(dir.resolve("tiny"), TINY, TINY.replace("return 0;", "return 1;"));

        UnpatchableChangeException e = refusal(b);

        assertThat(e.reasons()).singleElement().asString().isEqualTo("function 'zero' in unit.o (unit.c) is 3 bytes in"
                + " the base build; a JMP needs 5 — too small to patch: patch its callers instead: keep 'zero' as it is and"
                + " add the fixed version under a new name (e.g. zero_v2) that they call, so the payload replaces them and"
                + " carries the new function");

        String advised = TINY.replace("int user", "int zero_v2(void) { return 1; }\nint user").replace("zero()", "zero_v2()");
        BuildResult r = TwoBuilds.of(dir.resolve("advised"), TINY, advised).build();
        assertThat(r.changedFunctions()).containsExactly("user");
        assertThat(r.newFunctions()).containsExactly("zero_v2");
        assertLoads(r);
    }

    static final String LIMIT = "int limit = 10;\nint check(int x) { return x < limit; }\n";

    @Test
    void changedInitialValue_isRefused_andANewVariableAsAdvisedIsCarried() {
        UnpatchableChangeException e = refusal(TwoBuilds.of(dir.resolve("data"), LIMIT, LIMIT.replace("= 10", "= 20")));

        assertThat(e.reasons()).singleElement().asString()
                .startsWith("unit.o (unit.c) changes data 'limit' (.data.limit; its initial value changed: bytes differ at +0x0)")
                .contains("data cannot be live-patched");
        assertThat(advice(e)).contains("use a new variable").contains("load or apply hook");

        String advised = LIMIT.replace("x < limit;", "x < limit_v2;") + "int limit_v2 = 20;\n";
        BuildResult r = TwoBuilds.of(dir.resolve("newvar"), LIMIT, advised.replace("int check", "extern int limit_v2;\nint check"))
                .build();
        assertThat(r.changedFunctions()).containsExactly("check");
        assertThat(r.report()).contains("carries .text.check, .data.limit_v2");
        assertLoads(r);
    }

    @Test
    void everyProblem_isListedInOneRefusal() {
        String source = NOPIC + LIMIT + "int zero(void) { return 0; }\n";
        TwoBuilds b = TwoBuilds.withFlag(dir, source, source.replace("* 3", "* 5").replace("= 10", "= 20")
                .replace("return 0;", "return 1;"), "-fpie", "-fno-pic");

        UnpatchableChangeException e = refusal(b);

        assertThat(e.reasons()).hasSize(3);
        assertThat(e.getMessage()).startsWith("cannot live-patch (3 problems):\n  - ")
                .contains("'zero'", "'limit'", "absolute 32-bit addresses");
    }

    static UnpatchableChangeException refusal(TwoBuilds b) {
        UnpatchableChangeException e = catchThrowableOfType(UnpatchableChangeException.class, b::build);
        assertThat(e).as("the build is refused").isNotNull();
        return e;
    }

    /** The fix: what the only reason says after its dash. */
    static String advice(UnpatchableChangeException e) {
        String reason = e.reasons().getFirst();
        return reason.substring(reason.lastIndexOf(" — ") + 3);
    }

    static void assertLoads(BuildResult r) {
        assertThat(PayloadReader.read("fixed.livepatch", r.payload()).functions()).hasSize(r.changedFunctions().size());
    }

    static List<String> types(ElfFile f) {
        return f.relocationSections().stream().flatMap(rs -> rs.relocations().stream()).map(ElfRelocation::typeName).distinct().toList();
    }
}
