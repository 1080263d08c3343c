package dev.quiesce.scenario;

import dev.quiesce.usercode.CompileException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The guest block and the built payloads of a scenario: read relative to the file, refused with file:line. */
class UserScenarioLoaderTest {

    static final String SCENARIO = """
            name = "user-test"
            host { cpus = 4 }
            guest {
              sources = ["src"]
              workload = run_once
            }
            payloads = [ { name = "scale_fix", build { base = "src", patched = "fix" } } ]
            actions = [ { at = 100us, action = apply, payload = "scale_fix" } ]
            """;

    @TempDir
    Path dir;

    @Test
    void aGuestBlockCompilesTheSourcesRelativeToTheScenarioFile() {
        Path file = UserProject.write(dir, SCENARIO);
        Scenario s = ScenarioLoader.load(file.toString(), List.of());
        assertThat(s.guest()).isPresent();
        assertThat(s.guest().orElseThrow().userObjects()).extracting(o -> o.name()).containsExactly("scale.o", "work.o");
        assertThat(s.payloads()).containsExactly("scale_fix");
        assertThat(s.payloadSources().getFirst()).isInstanceOf(ScenarioPayload.Built.class);
        assertThat(s.replayLine()).startsWith("./quiesce run " + file + " --seed ");
    }

    @Test
    void yourOwnCodeOnAnAarch64HostIsRefusedBeforeAnythingIsCompiled() {
        Path file = UserProject.write(dir, SCENARIO);
        assertThatThrownBy(() -> ScenarioLoader.load(file.toString(), List.of("arch=aarch64")))
                .hasMessageContaining("your own code runs on x86-64 hosts only").hasMessageContaining("arch");
    }

    @Test
    void aNameAloneRefersToThePayloadTheFileBuildsSoAFleetsOverrideKeepsIt() {
        Path file = UserProject.write(dir, SCENARIO);
        Scenario s = ScenarioLoader.load(file.toString(), List.of("payloads=[\"scale_fix\"]"));
        assertThat(s.payloadSources().getFirst()).isInstanceOf(ScenarioPayload.Built.class);
    }

    @Test
    void aPatchFileMadeByDiffUBuildsTheSamePatchedObjectsAsThePatchedTree() throws Exception {
        Path file = UserProject.write(dir, SCENARIO);
        Process diff = new ProcessBuilder("diff", "-u", "src/scale.c", "fix/scale.c").directory(dir.toFile()).start();
        java.nio.file.Files.write(dir.resolve("fix.diff"), diff.getInputStream().readAllBytes());
        assertThat(diff.waitFor()).isEqualTo(1);
        Scenario fromTree = ScenarioLoader.load(file.toString(), List.of());
        Path patchFile = UserProject.write(dir, SCENARIO.replace("patched = \"fix\"", "patch = \"fix.diff\""));
        Scenario fromDiff = ScenarioLoader.load(patchFile.toString(), List.of());
        UserPayloadBytes tree = UserPayloadBytes.of(fromTree);
        UserPayloadBytes applied = UserPayloadBytes.of(fromDiff);
        assertThat(applied.patched()).isEqualTo(tree.patched());
        assertThat(applied.patched()).isNotEqualTo(applied.base());
    }

    @Test
    void aPatchThatDoesNotApplyIsRefusedNamingTheHunk() throws Exception {
        UserProject.write(dir, "bad.diff", "--- a/scale.c\n+++ b/scale.c\n@@ -1,1 +1,1 @@\n-no such line\n+x\n");
        Path file = UserProject.write(dir, SCENARIO.replace("patched = \"fix\"", "patch = \"bad.diff\""));
        assertThatThrownBy(() -> ScenarioLoader.load(file.toString(), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file + ":7: quiesce.scenario.payloads[0]: bad.diff: hunk 1 of scale.c (old line 1)"
                        + " does not apply");
    }

    /** The bytes of a scenario's first built payload's base and patched objects, in link order. */
    private record UserPayloadBytes(List<String> base, List<String> patched) {
        static UserPayloadBytes of(Scenario s) {
            dev.quiesce.usercode.UserPayload p = ((ScenarioPayload.Built) s.payloadSources().getFirst()).payload();
            return new UserPayloadBytes(hex(p.base()), hex(p.patched()));
        }

        private static List<String> hex(List<dev.quiesce.guest.GuestObject> objects) {
            return objects.stream().map(o -> o.name() + ":" + java.util.HexFormat.of().formatHex(o.bytes())).toList();
        }
    }

    @Test
    void anUnknownGuestKeyIsRefusedWithItsFileAndLine() {
        Path file = UserProject.write(dir, SCENARIO.replace("workload = run_once", "workload = run_once\n  workloads = x"));
        assertThatThrownBy(() -> ScenarioLoader.load(file.toString(), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file + ":6: unknown key 'quiesce.scenario.guest.workloads'");
    }

    @Test
    void aGuestWithoutAWorkloadOrWithAMissingFolderIsRefused() {
        Path file = UserProject.write(dir, SCENARIO.replace("workload = run_once", ""));
        assertThatThrownBy(() -> ScenarioLoader.load(file.toString(), List.of()))
                .hasMessageContaining("quiesce.scenario.guest needs sources and workload");
        Path other = UserProject.write(dir, SCENARIO.replace("[\"src\"]", "[\"nowhere\"]"));
        assertThatThrownBy(() -> ScenarioLoader.load(other.toString(), List.of()))
                .hasMessageContaining("guest.sources " + dir.resolve("nowhere") + " does not exist");
    }

    @Test
    void aCompileErrorIsGccsMessageWithFileAndLine() {
        Path file = UserProject.write(dir, SCENARIO);
        UserProject.write(dir, "src/broken.c", "int broken(void)\n{\n    return nope;\n}\n");
        assertThatThrownBy(() -> ScenarioLoader.load(file.toString(), List.of()))
                .isInstanceOf(CompileException.class)
                .hasMessageContaining(dir.resolve("src/broken.c") + ":3:12: error: 'nope' undeclared");
    }

    @Test
    void aPayloadWhosePatchedTreeChangesNothingIsRefusedWithItsFileAndLine() {
        Path file = UserProject.write(dir, SCENARIO.replace("patched = \"fix\"", "patched = \"src\""));
        assertThatThrownBy(() -> ScenarioLoader.load(file.toString(), List.of()))
                .hasMessageContaining(file + ":7: quiesce.scenario.payloads[0]: payload scale_fix: base and patched"
                        + " compile to the same code");
    }

    @Test
    void includeFoldersAndAPatchedTreeOfOnlyTheChangedFileBuild() {
        UserProject.write(dir, "inc/factor.h", "#define FACTOR 2\n");
        UserProject.write(dir, "src/scale.c", UserProject.BASE.replace("x * 2", "x * FACTOR").replace("#define",
                "#include \"factor.h\"\n#define"));
        UserProject.write(dir, "src/work.c", UserProject.WORKLOAD);
        UserProject.write(dir, "fix/scale.c", UserProject.BASE.replace("x * 2", "x * FACTOR + 1").replace("#define",
                "#include \"factor.h\"\n#define"));
        Path file = UserProject.write(dir, "scenario.conf", SCENARIO.replace("workload = run_once",
                "workload = run_once\n  includes = [\"inc\"]\n  defines = [\"UNUSED=1\"]"));
        Scenario s = ScenarioLoader.load(file.toString(), List.of());
        var built = (ScenarioPayload.Built) s.payloadSources().getFirst();
        assertThat(built.payload().patched()).extracting(o -> o.name()).containsExactly("scale.o");
        assertThat(built.payload().base()).extracting(o -> o.name()).containsExactly("scale.o", "work.o");
    }

    @Test
    void aBuiltPayloadNeedsAGuestBlock() {
        Path file = UserProject.write(dir, SCENARIO.replaceAll("(?s)guest \\{.*?\\n\\}\\n", ""));
        assertThatThrownBy(() -> ScenarioLoader.load(file.toString(), List.of()))
                .hasMessageContaining("builds payload scale_fix from sources, which needs a guest { … } block");
    }
}
