package dev.quiesce.cluster.journal;

import com.typesafe.config.Config;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The journal's settings and schema for each database it runs on, and the errors that say what to do. */
class RolloutJournalTest {

    private static final String SHARED = "pekko-persistence-jdbc.shared-databases.quiesce";

    @Test
    void open_onAnUnsupportedUrl_saysWhichDatabasesTheJournalRunsOn() {
        assertThatThrownBy(() -> RolloutJournal.open("jdbc:mysql://127.0.0.1:3306/quiesce", "quiesce", "quiesce"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jdbc:mysql://127.0.0.1:3306/quiesce")
                .hasMessageContaining("jdbc:h2:")
                .hasMessageContaining("jdbc:postgresql:");
    }

    @Test
    void open_onADirectoryTwice_keepsItsH2Journal_withTheSharedDatabaseSettings(@TempDir Path dir) {
        RolloutJournal.open(dir);
        Config config = RolloutJournal.open(dir);

        assertThat(config.getString(SHARED + ".profile")).isEqualTo("slick.jdbc.H2Profile$");
        assertThat(config.getString(SHARED + ".db.driver")).isEqualTo("org.h2.Driver");
        assertThat(config.getString(SHARED + ".db.url")).isEqualTo(RolloutJournal.url(dir));
        assertThat(config.getInt(SHARED + ".db.numThreads")).isEqualTo(4);
        assertThat(config.getInt(SHARED + ".db.maxConnections")).isEqualTo(4);
        assertThat(config.getInt(SHARED + ".db.minConnections")).isEqualTo(1);
        assertThat(config.getString("pekko.persistence.journal.plugin")).isEqualTo("jdbc-journal");
        assertThat(config.getString("jdbc-snapshot-store.use-shared-db")).isEqualTo("quiesce");
        assertThat(config.getString("jdbc-read-journal.use-shared-db")).isEqualTo("quiesce");
    }

    @Test
    void theDdlOfEachDatabase_createsOnlyWhatIsMissing() {
        for (JournalDatabase db : JournalDatabase.values()) {
            assertThat(db.ddl()).as(db.name()).isNotEmpty()
                    .allSatisfy(sql -> assertThat(sql).containsIgnoringCase("IF NOT EXISTS"));
        }
        assertThat(JournalDatabase.POSTGRES.ddl())
                .anySatisfy(sql -> assertThat(sql).startsWith(
                        "CREATE UNIQUE INDEX IF NOT EXISTS event_journal_ordering_idx"))
                .anySatisfy(sql -> assertThat(sql).startsWith("CREATE INDEX IF NOT EXISTS state_tag_idx"));
        assertThat(JournalDatabase.idempotent("CREATE INDEX IF NOT EXISTS \"i\" on t (c)"))
                .isEqualTo("CREATE INDEX IF NOT EXISTS \"i\" on t (c)");
        assertThat(JournalDatabase.idempotent("CREATE INDEX CONCURRENTLY  IF NOT EXISTS i on t (c)"))
                .isEqualTo("CREATE INDEX IF NOT EXISTS i on t (c)");
    }

    @Test
    void aDdlStatementThatCannotRunTwice_isRefused() {
        assertThatThrownBy(() -> JournalDatabase.idempotent("CREATE TABLE t (c INT)"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("CREATE TABLE t");
        assertThatThrownBy(() -> JournalDatabase.idempotent("ALTER TABLE t ADD d INT"))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anH2FileJournalThatCannotBeOpened_isReportedWithItsUrl(@TempDir Path dir) {
        String url = "jdbc:h2:file:" + dir.resolve("missing").toAbsolutePath() + ";IFEXISTS=TRUE";

        assertThatThrownBy(() -> RolloutJournal.open(url, "quiesce", ""))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(url);
    }
}
