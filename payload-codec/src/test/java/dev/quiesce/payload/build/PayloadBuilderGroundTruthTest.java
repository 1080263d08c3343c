package dev.quiesce.payload.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiesce.elf.Elf;
import dev.quiesce.elf.ElfFile;
import dev.quiesce.elf.ElfSymbol;
import dev.quiesce.elf.ElfSection;
import dev.quiesce.payload.PayloadReader;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The builder against patches whose changed-function set is known by construction (issue 3, "Builder
 * ground truth"): gcc compiles a base and a patched source, and the exact changed and new sets are asserted.
 * Where a case depends on what gcc emits (a jump table, renumbered static locals, an inlining decision), the
 * test first asserts that gcc did emit it, so the case cannot pass vacuously. The objects are position-independent
 * ({@link TwoBuilds#FLAGS}), the only code a payload can carry.
 */
class PayloadBuilderGroundTruthTest {

    @TempDir
    Path dir;

    static final String SCALE = """
            __attribute__((noinline)) int scale(int a, int b) { return a * 3 + b * 7 - (a >> 2); }
            int keep(int a) { return (a * 11 + 5) ^ (a << 3); }
            """;

    @Test
    void changedBody_changesExactlyThatFunction() {
        BuildResult r = TwoBuilds.of(dir, SCALE, SCALE.replace("b * 7", "b * 9")).build();

        assertThat(r.changedFunctions()).containsExactly("scale");
        assertThat(r.newFunctions()).isEmpty();
    }

    @Test
    void changedCallee_leavesItsCallersUnchanged() {
        String callee = """
                __attribute__((noipa)) int callee(int x) { return x * 13 + 17; }
                int near_caller(int x) { return callee(x) + callee(x + 1); }
                """;
        String far = """
                extern int callee(int);
                int far_caller(int x) { return callee(x * 2) - 1; }
                """;
        TwoBuilds b = TwoBuilds.of(dir, Map.of("unit", callee, "other", far),
                Map.of("unit", callee.replace("x * 13", "x * 19 - (x >> 1)"), "other", far));

        BuildResult r = b.build();

        assertThat(r.changedFunctions()).containsExactly("callee");
        assertThat(r.newFunctions()).isEmpty();
    }

    static final String STRINGS = """
            extern void sink(const char *);
            void f(void) { sink("alpha"); sink("shared"); }
            void g(void) { sink("beta"); sink("shared"); }
            void h(void) { sink("gamma"); }
            """;

    @Test
    void changedStringLiteral_changesExactlyTheFunctionsThatUseIt() {
        BuildResult r = TwoBuilds.of(dir, STRINGS, STRINGS.replace("\"shared\"", "\"SHARED!\"")).build();

        assertThat(r.changedFunctions()).containsExactly("f", "g");
        assertThat(r.newFunctions()).isEmpty();
    }

    @Test
    void stringLiteralThatOnlyMoved_leavesItsOtherUsersUnchanged() {
        TwoBuilds b = TwoBuilds.of(dir, STRINGS, STRINGS.replace("\"alpha\"", "\"alpha, but longer\""));
        // gcc keeps "shared" once, in f's string section; g refers to it there, at an offset that moves
        assertThat(designated(b.base("unit.o"), ".rela.text.g")).isNotEqualTo(designated(b.patched("unit.o"), ".rela.text.g"));

        BuildResult r = b.build();

        assertThat(r.changedFunctions()).containsExactly("f");
    }

    static final String JUMP_TABLE = """
            extern int g0(int), g1(int), g2(int), g3(int), g4(int), g5(int);
            int dispatch(int op, int v) {
              switch (op) {
              case 0: return g0(v); case 1: return g1(v) + 3; case 2: return g2(v) * 5;
              case 3: return g3(v) - 9; case 4: return g4(v) ^ 7; case 5: return g5(v) | 1;
              default: return -1;
              }
            }
            int bystander(int v) { return g0(v) + g1(v); }
            """;

    @Test
    void changedJumpTable_changesItsFunction() {
        TwoBuilds b = TwoBuilds.of(dir, JUMP_TABLE,
                JUMP_TABLE.replace("case 1: return g1(v) + 3; case 2:", "case 2: return g1(v) + 3; case 1:"));
        ElfFile base = b.base("unit.o");
        assertThat(base.findSection(".rodata.dispatch")).as("gcc emitted a jump table").isPresent();
        assertThat(relocatedTargets(base, ".rela.rodata.dispatch")).containsOnly(".text.dispatch");
        assertThat(base.relocationSections().stream().filter(rs -> rs.section().name().equals(".rela.rodata.dispatch"))
                .flatMap(rs -> rs.relocations().stream()).map(x -> x.type()).distinct())
                .as("-fpie jump tables hold PC-relative offsets").containsExactly(Elf.R_X86_64_PC32);

        BuildResult r = b.build();

        assertThat(r.changedFunctions()).containsExactly("dispatch");
        assertThat(PayloadReader.read("dispatch.livepatch", r.payload()).functions()).hasSize(1);
    }

    @Test
    void unchangedJumpTableFunction_isUnchangedWhenAnotherFunctionChanges() {
        BuildResult r = TwoBuilds.of(dir, JUMP_TABLE, JUMP_TABLE.replace("g0(v) + g1(v)", "g0(v) - g1(v)")).build();

        assertThat(r.changedFunctions()).containsExactly("bystander");
    }

    static final String LOOKUP = """
            int lookup(int x) {
              switch (x) {
              case 0: return 11; case 1: return 23; case 2: return 35; case 3: return 47;
              case 4: return 59; case 5: return 61; case 6: return 73; default: return 0;
              }
            }
            int bystander(int x) { return x > 3 ? x * 3 - 3 : 5; }
            """;

    @Test
    void changedSwitchValueTable_changesItsFunctionThoughItsCodeIsTheSame() {
        TwoBuilds b = TwoBuilds.of(dir, LOOKUP, LOOKUP.replace("return 47", "return 48"));
        ElfFile base = b.base("unit.o");
        ElfFile patched = b.patched("unit.o");
        assertThat(sectionStartingWith(base, ".rodata.CSWTCH").data()).isNotEqualTo(sectionStartingWith(patched, ".rodata.CSWTCH").data());
        assertThat(base.findSection(".text.lookup").orElseThrow().data())
                .isEqualTo(patched.findSection(".text.lookup").orElseThrow().data());

        BuildResult r = b.build();

        assertThat(r.changedFunctions()).containsExactly("lookup");
    }

    @Test
    void staticLocalsRenumberedByReordering_leaveTheirFunctionsUnchanged() {
        String first = "int first(void) { static int counter; return counter += 1; }\n";
        String second = "int second(void) { static int counter; return counter += 2; }\n";
        String other = "int other(int x) { return x * 5 + 1; }\n";
        TwoBuilds b = TwoBuilds.of(dir, first + second + other, second + first + other.replace("x * 5", "x * 6"));
        assertThat(counterOf(b.base("unit.o"), "first")).as("gcc renumbered the static locals")
                .isNotEqualTo(counterOf(b.patched("unit.o"), "first"));

        BuildResult r = b.build();

        assertThat(r.changedFunctions()).containsExactly("other");
        assertThat(r.newFunctions()).isEmpty();
    }

    @Test
    void helperThatStopsBeingInlined_changesItsCallersAndIsNew() {
        String callers = """
                int caller1(int x) { return helper(x) + 1; }
                int caller2(int x) { return helper(x + 1) * 2; }
                int caller3(int x) { return helper(x ^ 3) - 5; }
                int unrelated(int x) { return x * 7 - 2; }
                """;
        String small = "static int helper(int x) { return x * 3 + 1; }\n";
        String big = """
                static int helper(int x) {
                  int s = x;
                  for (int i = 0; i < x; i++) {
                    s = s * 31 + (i ^ x);
                    if (s & 0x100) s -= x * 7; else s += i << 3;
                    if (s % 5 == 1) s ^= 0x5a5a; else if (s % 7 == 2) s += 0x1234; else s -= i * i;
                    s = (s << 1) | ((unsigned)s >> 31);
                  }
                  for (int j = 0; j < (x & 15); j++) s += s / (j + 3);
                  return s * 3 + 1;
                }
                """;
        TwoBuilds b = TwoBuilds.of(dir, small + callers, big + callers);
        assertThat(functionNames(b.base("unit.o"))).as("inlined in the base").doesNotContain("helper");
        assertThat(functionNames(b.patched("unit.o"))).as("called in the patched build").contains("helper");

        BuildResult r = b.build();

        assertThat(r.changedFunctions()).containsExactly("caller1", "caller2", "caller3");
        assertThat(r.newFunctions()).containsExactly("unit.c#helper");
    }

    @Test
    void newFunction_isCarriedAsNewCode() {
        String base = "int user(int x) { return x * 3 - 4; }\n";
        String patched = """
                __attribute__((noipa)) int fresh(int x) { return x * x + 41; }
                int user(int x) { return fresh(x) * 3 - 4; }
                """;
        BuildResult r = TwoBuilds.of(dir, base, patched).build();

        assertThat(r.changedFunctions()).containsExactly("user");
        assertThat(r.newFunctions()).containsExactly("fresh");
    }

    @Test
    void changedClone_isReplacedUnderItsBaseName() {
        String source = """
                static __attribute__((noinline)) int work(const int *p, int n, int k) {
                  int s = 0; for (int i = 0; i < n; i++) s += p[i] * k + (s >> 3); return s;
                }
                int a(const int *p) { return work(p, 8, 3); }
                int b(const int *p) { return work(p, 8, 3) + 1; }
                """;
        TwoBuilds b = TwoBuilds.of(dir, source, source.replace("(s >> 3)", "(s >> 4)"));
        assertThat(functionNames(b.base("unit.o"))).contains("work.constprop.0");

        BuildResult r = b.build();

        assertThat(r.changedFunctions()).containsExactly("unit.c#work.constprop.0");
        assertThat(r.newFunctions()).isEmpty();
    }

    @Test
    void changedInitializedData_isRefused() {
        String source = "int limit = 5;\nint get_limit(void) { return limit * 2 + 1; }\n";
        TwoBuilds b = TwoBuilds.of(dir, source, source.replace("= 5", "= 6"));

        assertThatThrownBy(b::build).isInstanceOf(UnpatchableChangeException.class)
                .hasMessageContaining("unit.o (unit.c) changes data 'limit' (.data.limit; its initial value changed")
                .hasMessageContaining("data cannot be live-patched");
    }

    @Test
    void staticVariableMovedFromBssToData_isRefused() {
        String source = "static int count;\nint bump(void) { return count += 3; }\n";
        TwoBuilds b = TwoBuilds.of(dir, source, source.replace("count;", "count = 1;"));

        assertThatThrownBy(b::build).isInstanceOf(UnpatchableChangeException.class)
                .hasMessageContaining("changes data 'count' (.bss.count; its initialiser changed");
    }

    @Test
    void noChange_isNoFunctionalChange() {
        TwoBuilds b = TwoBuilds.of(dir, SCALE, "/* a comment only */\n" + SCALE);

        assertThatThrownBy(b::build).isInstanceOf(NoFunctionalChangeException.class).hasMessage("no functional change");
    }

    @Test
    void changedThreeByteFunction_isTooSmallToPatch() {
        String source = "int zero(void) { return 0; }\nint twice(int x) { return x * 2 + zero(); }\n";
        TwoBuilds b = TwoBuilds.of(dir, source, source.replace("return 0;", "return 1;"));
        assertThat(symbol(b.base("unit.o"), "zero").size()).isEqualTo(3);

        assertThatThrownBy(b::build).isInstanceOf(UnpatchableChangeException.class)
                .hasMessageContaining("function 'zero' in unit.o (unit.c) is 3 bytes in the base build; a JMP needs 5 — too small"
                        + " to patch: patch its callers instead");
    }

    @Test
    void changedFunctionStartingWithEndbr64_needsNineBytes() {
        String source = "int zero(void) { return 0; }\nint twice(int x) { return x * 2 + zero(); }\n";
        TwoBuilds b = TwoBuilds.withFlag(dir, source, source.replace("return 0;", "return 1;"),
                "-fcf-protection=none", "-fcf-protection=full");
        assertThat(symbol(b.base("unit.o"), "zero").size()).isBetween(5L, 8L);

        assertThatThrownBy(b::build).isInstanceOf(UnpatchableChangeException.class)
                .hasMessageContaining("function 'zero' in unit.o (unit.c) is %d bytes in the base build; a JMP needs 9 after its ENDBR64"
                        .formatted(symbol(b.base("unit.o"), "zero").size()));
    }

    @Test
    void changedInitFunction_isRefused() {
        String source = "__attribute__((section(\".init.text\"))) int setup(int x) { return x * 9 + 2; }\n";
        TwoBuilds b = TwoBuilds.of(dir, source, source.replace("x * 9", "x * 10"));

        assertThatThrownBy(b::build).isInstanceOf(UnpatchableChangeException.class)
                .hasMessageContaining("function 'setup' in unit.o (unit.c) is in .init.text");
    }

    @Test
    void changedStaticTable_changesItsUsersWhichCarryTheirOwnCopy() {
        String source = """
                static const int weights[8] = {3, 1, 4, 1, 5, 9, 2, 6};
                int weigh(int i) { return weights[i & 7] * 10 + i; }
                int bystander(int x) { return x * 3 + 1; }
                """;
        TwoBuilds b = TwoBuilds.of(dir, source, source.replace("5, 9, 2", "5, 8, 2"));
        assertThat(b.base("unit.o").findSection(".rodata.weights")).as("gcc kept the table").isPresent();

        BuildResult r = b.build();

        assertThat(r.changedFunctions()).containsExactly("weigh");
        assertThat(r.report()).contains("carries .text.weigh, .rodata.weights").doesNotContain("unit.c#weights");
    }

    @Test
    void changedGlobalConstant_isRefused() {
        String source = """
                const int limits[4] = {10, 20, 30, 40};
                int limit_of(int i) { return limits[i & 3] + 1; }
                """;
        TwoBuilds b = TwoBuilds.of(dir, source, source.replace("30, 40", "30, 50"));

        assertThatThrownBy(b::build).isInstanceOf(UnpatchableChangeException.class)
                .hasMessageContaining("changes read-only data 'limits' (.rodata.limits; its initial value changed: bytes differ"
                        + " at +0xc), which other objects may read by name");
    }

    @Test
    void newObjectFile_contributesItsFunctionsAsNew() {
        String user = "extern int helper_in_new_file(int);\nint user(int x) { return x * 3 - 4; }\n";
        String extra = "int helper_in_new_file(int x) { return x * x + 41; }\n";
        TwoBuilds b = TwoBuilds.of(dir, Map.of("unit", user),
                Map.of("unit", user.replace("x * 3 - 4", "helper_in_new_file(x) * 3 - 4"), "extra", extra));

        BuildResult r = b.build();

        assertThat(r.changedFunctions()).containsExactly("user");
        assertThat(r.newFunctions()).containsExactly("helper_in_new_file");
    }

    @Test
    void onlyNewFunctions_isRefusedAsNothingToPatch() {
        String source = "int user(int x) { return x * 3 - 4; }\n";
        TwoBuilds b = TwoBuilds.of(dir, source, source + "int spare(int x) { return x * 5 + 2; }\n");

        assertThatThrownBy(b::build).isInstanceOf(UnpatchableChangeException.class)
                .hasMessageContaining("only adds functions (spare) and changes none");
    }

    /** Where each relocation of {@code relaSection} points: its symbol's value plus the addend. */
    static List<Long> designated(ElfFile f, String relaSection) {
        return f.relocationSections().stream().filter(rs -> rs.section().name().equals(relaSection))
                .flatMap(rs -> rs.relocations().stream()).map(r -> f.symbols().get(r.symbolIndex()).value() + r.addend())
                .toList();
    }

    static List<String> relocatedTargets(ElfFile f, String relaSection) {
        return f.relocationSections().stream().filter(rs -> rs.section().name().equals(relaSection))
                .flatMap(rs -> rs.relocations().stream()).map(r -> f.symbols().get(r.symbolIndex()))
                .map(s -> s.isSection() ? f.section(s.sectionIndex()).name() : s.name()).toList();
    }

    static ElfSection sectionStartingWith(ElfFile f, String prefix) {
        return f.sections().stream().filter(s -> s.name().startsWith(prefix)).findFirst().orElseThrow();
    }

    static List<String> functionNames(ElfFile f) {
        return f.symbols().stream().filter(ElfSymbol::isFunction).map(ElfSymbol::name).toList();
    }

    static ElfSymbol symbol(ElfFile f, String name) {
        return f.symbols().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    /** The name of the static variable function {@code fn} refers to (through its section symbol). */
    static String counterOf(ElfFile f, String fn) {
        List<String> targets = relocatedTargets(f, ".rela.text." + fn);
        return Arrays.toString(targets.stream().distinct().toArray());
    }
}
