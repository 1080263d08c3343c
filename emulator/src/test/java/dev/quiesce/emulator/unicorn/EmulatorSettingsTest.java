package dev.quiesce.emulator.unicorn;

import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code quiesce.emulator} is read, validated and explained as every settings block is. */
class EmulatorSettingsTest {

    @Test
    void theReferenceSaysAutoSoEachLibraryAndArchitectureGetsItsOwnDefault() {
        assertThat(EmulatorSettings.from(ConfigFactory.defaultReference()).counting()).isEmpty();
    }

    @Test
    void aConfiguredSchemeIsRead() {
        assertThat(EmulatorSettings.from(ConfigFactory.parseString("quiesce.emulator.counting = instruction")
                .withFallback(ConfigFactory.defaultReference())).counting()).isEqualTo(Optional.of(Counting.INSTRUCTION));
        assertThat(EmulatorSettings.from(ConfigFactory.parseString("quiesce.emulator.counting = block")
                .withFallback(ConfigFactory.defaultReference())).counting()).isEqualTo(Optional.of(Counting.BLOCK));
    }

    @Test
    void anIllegalSchemeNamesItsLineTheKeyAndTheLegalValues() {
        assertThatThrownBy(() -> EmulatorSettings.from(ConfigFactory.parseString("\n\nquiesce.emulator.counting = fast",
                ConfigParseOptionsHolder.named("my.conf")).withFallback(ConfigFactory.defaultReference())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("my.conf: 3")
                .hasMessageContaining("quiesce.emulator.counting = 'fast' is not legal; legal: auto, block, instruction");
    }

    @Test
    void anUnknownKeyIsRefused() {
        assertThatThrownBy(() -> EmulatorSettings.from(ConfigFactory.parseString("quiesce.emulator.countng = block")
                .withFallback(ConfigFactory.defaultReference())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("countng");
    }

    /** Parse options naming the text's origin, as a file would. */
    private static final class ConfigParseOptionsHolder {
        static com.typesafe.config.ConfigParseOptions named(String name) {
            return com.typesafe.config.ConfigParseOptions.defaults().setOriginDescription(name);
        }
    }
}
