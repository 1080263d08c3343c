package dev.quiesce.cluster.node;

import dev.quiesce.cluster.node.ClusterSettings;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** quiesce.cluster read and checked by {@link ClusterSettings} through the validating settings reader. */
class ClusterSettingsTest {

    @TempDir
    Path dir;

    @Test
    void referenceConfGivesTheDocumentedDefaults() {
        ClusterSettings s = ClusterSettings.read(ConfigFactory.defaultReference());
        assertThat(s).isEqualTo(new ClusterSettings(Duration.ofSeconds(60), Duration.ofSeconds(3), 0));
    }

    @Test
    void workersOutOfRangeIsRefusedNamingFileLineKeyAndLegalRange() {
        assertThatThrownBy(() -> ClusterSettings.read(overrides("quiesce.cluster.workers = 300")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(file() + ":1: quiesce.cluster.workers = 300 is out of range; legal: 0..256");
    }

    @Test
    void aZeroTimeoutIsRefusedAsNotPositive() {
        assertThatThrownBy(() -> ClusterSettings.read(overrides("\nquiesce.cluster.host-timeout = 0s")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(file() + ":2: quiesce.cluster.host-timeout = 0s is not positive; legal: a positive duration"
                        + " such as 5s or 500ms");
    }

    @Test
    void aMisspelledKeyOfTheBlockIsRefusedWithTheKnownKeys() {
        assertThatThrownBy(() -> ClusterSettings.read(overrides("quiesce.cluster.host-timout = 5s")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(file() + ":1: unknown key 'quiesce.cluster.host-timout'; known keys: host-timeout,"
                        + " redeliver-after, workers");
    }

    private Path file() {
        return dir.resolve("node.conf");
    }

    private Config overrides(String text) throws IOException {
        return ConfigFactory.parseFile(Files.writeString(file(), text).toFile())
                .withFallback(ConfigFactory.defaultReference());
    }
}
