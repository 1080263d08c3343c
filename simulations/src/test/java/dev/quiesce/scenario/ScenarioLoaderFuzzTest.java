package dev.quiesce.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.typesafe.config.ConfigException;
import dev.quiesce.coordinator.protocol.plugin.PluginException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The coverage-guided fuzz target of the scenario loader (Jazzer, docs/reliability.md "Fuzzing"): any text given as a
 * scenario file, with its lines {@code #--set key=value} given as {@code --set} overrides, ends in a {@link Scenario}
 * or in one of the errors the command line prints as one {@code error:} line — an {@link IllegalArgumentException}
 * (bounds, validation, includes), a {@link ConfigException} (a substitution cycle, a wrong type in {@code --set}) or a
 * {@link PluginException}. Anything else thrown, a hang (the HOCON parser recursing or looping) or a heap blow-up is a
 * finding. The corpus ({@code ScenarioLoaderFuzzTestInputs/}) holds the built-in scenarios and the history cases of
 * {@code scenarios/}.
 */
class ScenarioLoaderFuzzTest {

    private static final String SET = "#--set ";
    private static final Path FILE = scratchFile();

    @FuzzTest
    void loadEndsInAScenarioOrAOneLineError(byte[] input) throws IOException {
        String text = new String(input, StandardCharsets.UTF_8);
        List<String> sets = text.lines().filter(l -> l.startsWith(SET)).map(l -> l.substring(SET.length())).toList();
        Files.writeString(FILE, text);
        try {
            Scenario s = ScenarioLoader.load(FILE.toString(), sets);
            assertThat(s.host().cpus()).isPositive();
        } catch (IllegalArgumentException | ConfigException | PluginException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    private static Path scratchFile() {
        try {
            Path dir = Files.createTempDirectory("scenario-fuzz");
            dir.toFile().deleteOnExit();
            return dir.resolve("fuzz.conf");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
