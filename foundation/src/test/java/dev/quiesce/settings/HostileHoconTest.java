package dev.quiesce.settings;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Scenario files as an attacker writes them: each refused with one message, before the parser can be hurt. */
class HostileHoconTest {

    @TempDir
    Path dir;

    private Config load(String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return ConfigSources.file(f.toString(), "scenario", List.of(), getClass().getClassLoader());
    }

    @Test
    void twoThousandNestedObjectsAreRefusedNotAStackOverflow() {
        String deep = "a = " + "{a = ".repeat(2000) + "1" + "}".repeat(2000);
        assertThatThrownBy(() -> load("deep.conf", deep)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("deep.conf:1: objects and arrays nested more than 64 deep");
        String arrays = "a = " + "[".repeat(2000) + "]".repeat(2000);
        assertThatThrownBy(() -> load("arrays.conf", arrays)).hasMessageContaining("nested more than 64 deep");
    }

    @Test
    void bracketsInsideStringsAndCommentsDoNotCount() throws IOException {
        String text = "a = \"" + "{".repeat(200) + "\"\n# " + "[".repeat(200) + "\nb = \"\"\"" + "{".repeat(200)
                + "\"\"\"\n";
        assertThat(load("strings.conf", text).getString("a")).hasSize(200);
    }

    @Test
    void aMissingIncludeIsAnError_andIncludeUrlIsRefused() {
        assertThatThrownBy(() -> load("inc.conf", "include \"missing.conf\"\nname = x\n"))
                .hasMessageContaining("missing.conf");
        assertThatThrownBy(() -> load("url.conf", "include url(\"http://127.0.0.1:9/x.conf\")\n"))
                .hasMessageContaining("include url(…) is refused");
    }

    @Test
    void anIncludeCycleIsAnErrorNotAStackOverflow() throws IOException {
        assertThatThrownBy(() -> load("self.conf", "include \"self.conf\"\n"))
                .hasMessageContaining("include cycle");
        Files.writeString(dir.resolve("b.conf"), "include \"a.conf\"\n");
        assertThatThrownBy(() -> load("a.conf", "include \"b.conf\"\n")).hasMessageContaining("include cycle");
    }

    @Test
    void includesNestAtMostSixteenFilesDeep() throws IOException {
        for (int i = 0; i < 20; i++) {
            Files.writeString(dir.resolve("n" + i + ".conf"), "include \"n" + (i + 1) + ".conf\"\n");
        }
        Files.writeString(dir.resolve("n20.conf"), "name = x\n");
        assertThatThrownBy(() -> load("top.conf", "include \"n0.conf\"\n"))
                .hasMessageContaining("includes nest deeper than 16 files");
    }

    @Test
    void aClasspathIncludeFromAScenarioFileIsRefused() {
        assertThatThrownBy(() -> load("cp.conf", "include classpath(\"reference.conf\")\n"))
                .hasMessageContaining("include classpath(…) is refused");
    }

    @Test
    void anIncludeBesideTheFileIsRead_andBoundedLikeIt() throws IOException {
        Files.writeString(dir.resolve("part.conf"), "name = included\n");
        assertThat(load("main.conf", "include \"part.conf\"\n").getString("name")).isEqualTo("included");
        Files.writeString(dir.resolve("deep-part.conf"), "a = " + "{a = ".repeat(100) + "1" + "}".repeat(100));
        assertThatThrownBy(() -> load("main2.conf", "include \"deep-part.conf\"\n"))
                .hasMessageContaining("nested more than 64 deep");
    }

    @Test
    void aSubstitutionCycleIsAConfigErrorNamingTheFileAndLine() throws IOException {
        Config c = load("cyc.conf", "a = ${b}\nb = ${a}\n");
        assertThatThrownBy(c::resolve).isInstanceOf(ConfigException.UnresolvedSubstitution.class)
                .hasMessageContaining("cyc.conf: 2").hasMessageContaining("cycle");
    }

    @Test
    void aDeepSetValueIsRefused() {
        String v = "{a=".repeat(500) + "1" + "}".repeat(500);
        assertThatThrownBy(() -> ConfigSources.overrides(List.of("host=" + v), "host.cpus=4"))
                .hasMessageContaining("nested more than 64 deep");
    }

    @Test
    void aControlCharacterAtTheEdgeOfASetValueIsKeptNotSilentlyDropped() {
        // String.trim() dropped every character up to U+0020: "name=\u001b[31m" became the printable "[31m"
        assertThat(ConfigSources.overrides(List.of("name=\u001b[31m"), "name=x").getString("name"))
                .isEqualTo("\u001b[31m");
        assertThat(ConfigSources.overrides(List.of(" name = \tx \n"), "name=x").getString("name")).isEqualTo("x");
    }

    @Property(tries = 50, seed = "7")
    void nestingUpToTheLimitParses_andOneMoreIsRefused(@ForAll @IntRange(min = 1, max = 70) int depth) {
        String text = "a = " + "{a = ".repeat(depth) + "1" + "}".repeat(depth);
        if (depth <= HoconLimits.MAX_DEPTH - 1) {
            HoconLimits.check(text, "t");
        } else if (depth > HoconLimits.MAX_DEPTH) {
            assertThatThrownBy(() -> HoconLimits.check(text, "t")).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
