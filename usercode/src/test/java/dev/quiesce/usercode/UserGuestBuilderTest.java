package dev.quiesce.usercode;

import dev.quiesce.guest.GuestObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The link check of a user guest: undefined symbols with where and what to do; hooks that are not functions. */
class UserGuestBuilderTest {

    @TempDir
    Path dir;

    private final UserGuestBuilder builder = new UserGuestBuilder(new GuestCompiler(), List.of(), Map.of());

    @Test
    void aUserGuestIsTheBuiltInGuestTheShellTheHooksAndTheUserObjectsWithTheUserObjectsPrivate() {
        CFiles.write(dir, "work.c", "unsigned long total;\nvoid work(unsigned cpu, unsigned long i) { total += cpu + i; }\n");
        UserGuest g = builder.build(GuestSpec.of(List.of(dir), "work"));
        List<String> names = g.objects().stream().map(GuestObject::name).toList();
        assertThat(names).startsWith("arch.o").contains("user_main.o", HooksObject.NAME).endsWith("user/work.o");
        assertThat(g.privateObjects()).containsExactly("user/work.o");
        assertThat(g.quiescenceSymbol()).isEqualTo("check_for_livepatch_work");
    }

    @Test
    void undefinedSymbolsAreListedEachWithWhereItIsReferencedAndWhatToDo() {
        CFiles.write(dir, "a.c", "int frob(int);\nint printf(const char *, ...);\n"
                + "void work(unsigned cpu, unsigned long i) { printf(\"%d\", frob((int)i)); }\n");
        CFiles.write(dir, "b.c", "int frob(int);\nint twice(int x) { return frob(x) * 2; }\n");
        assertThatThrownBy(() -> builder.build(GuestSpec.of(List.of(dir), "work")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2 undefined symbols\n")
                .hasMessageContaining("frob: referenced from user/a.o (in work), user/b.o (in twice): not in the"
                        + " runtime: write it or add a source that defines it")
                .hasMessageContaining("printf: referenced from user/a.o (in work): the guest has no console");
    }

    @Test
    void aWorkloadThatIsAVariableOrStaticOrMissingIsRefusedWithWhatToDo() {
        CFiles.write(dir, "a.c", "int work;\nstatic void quiet(unsigned c, unsigned long i) { (void)c; (void)i; }\n"
                + "void (*keep)(unsigned, unsigned long) = quiet;\n");
        assertThatThrownBy(() -> builder.build(GuestSpec.of(List.of(dir), "work")))
                .hasMessageContaining("guest.workload = work: work in user/a.o is not a function (it is a variable)");
        assertThatThrownBy(() -> builder.build(GuestSpec.of(List.of(dir), "quiet")))
                .hasMessageContaining("quiet is static in user/a.o; remove `static`");
        assertThatThrownBy(() -> builder.build(GuestSpec.of(List.of(dir), "nowhere")))
                .hasMessageContaining("guest.workload = nowhere: no function nowhere in your sources");
        assertThatThrownBy(() -> GuestSpec.of(List.of(dir), "work; evil"))
                .hasMessageContaining("is not a C function name");
    }

    @Test
    void aUserGlobalThatTheBuiltInGuestDefinesIsRefusedNamingBoth() {
        CFiles.write(dir, "a.c", "void idle_loop(unsigned c, unsigned n) { (void)c; (void)n; }\n"
                + "void work(unsigned cpu, unsigned long i) { (void)cpu; (void)i; }\n");
        assertThatThrownBy(() -> builder.build(GuestSpec.of(List.of(dir), "work")))
                .hasMessageContaining("user/a.o defines 'idle_loop', which the built-in guest (idle.o) defines too");
    }

    @Test
    void aWorkloadNamedLikeABuiltInGlobalIsRefusedWithANewName() {
        CFiles.write(dir, "a.c", "void my_work(unsigned cpu, unsigned long i) { (void)cpu; (void)i; }\n");
        assertThatThrownBy(() -> builder.build(GuestSpec.of(List.of(dir), "workload")))
                .hasMessageContaining("guest.workload = workload: workload is the built-in guest's (main.o), not a"
                        + " function of your code: name your function differently (e.g. my_workload)");
    }

    @Test
    void aQuiescenceFunctionMustBeAFunctionOfTheCode() {
        CFiles.write(dir, "a.c", "__attribute__((noinline)) void step(unsigned c) { (void)c; }\n"
                + "void work(unsigned cpu, unsigned long i) { (void)i; step(cpu); }\n");
        assertThat(builder.build(GuestSpec.of(List.of(dir), "work").withQuiescence("step")).quiescenceSymbol())
                .isEqualTo("step");
        assertThatThrownBy(() -> builder.build(GuestSpec.of(List.of(dir), "work").withQuiescence("stp")))
                .hasMessageContaining("guest.quiescence = stp: no function stp in your code");
    }
}
