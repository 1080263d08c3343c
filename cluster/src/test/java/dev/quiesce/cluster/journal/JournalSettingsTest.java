package dev.quiesce.cluster.journal;

import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** quiesce.cluster.journal read and checked by {@link JournalSettings}. */
class JournalSettingsTest {

    @Test
    void theDefault_isTheEmbeddedJournal() {
        JournalSettings s = JournalSettings.read(ConfigFactory.defaultReference());

        assertThat(s).isEqualTo(new JournalSettings("embedded", "quiesce", "quiesce"));
        assertThat(s.embedded()).isTrue();
    }

    @Test
    void aPostgresOrH2Url_isRead() {
        JournalSettings pg = JournalSettings.read(ConfigFactory.parseString("""
                quiesce.cluster.journal { url = "jdbc:postgresql://db.example:5432/quiesce", user = u, password = p }
                """));
        JournalSettings h2 = new JournalSettings("jdbc:h2:tcp://127.0.0.1:9092/journal", "quiesce", "");

        assertThat(pg).isEqualTo(new JournalSettings("jdbc:postgresql://db.example:5432/quiesce", "u", "p"));
        assertThat(pg.embedded()).isFalse();
        assertThat(h2.embedded()).isFalse();
    }

    @Test
    void anotherUrl_isRefused_namingTheKeyAndItsLegalValues() {
        assertThatThrownBy(() -> JournalSettings.read(ConfigFactory.parseString(
                "quiesce.cluster.journal { url = \"jdbc:mysql://db:3306/q\", user = u, password = p }")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("quiesce.cluster.journal.url")
                .hasMessageContaining("embedded")
                .hasMessageContaining("jdbc:h2:")
                .hasMessageContaining("jdbc:postgresql:")
                .hasMessageContaining("jdbc:mysql://db:3306/q");
    }

    @Test
    void itsText_leavesThePasswordOut() {
        assertThat(new JournalSettings("embedded", "quiesce", "secret").toString()).doesNotContain("secret");
    }
}
