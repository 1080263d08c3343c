package dev.quiesce.cluster.journal;

import dev.quiesce.cluster.rollout.RolloutResumeCheck;
import com.typesafe.config.Config;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/**
 * The rollout journal on PostgreSQL (QUIESCE_PG_URL, default jdbc:postgresql://127.0.0.1:5432/quiesce; user and
 * password QUIESCE_PG_USER, QUIESCE_PG_PASSWORD, default quiesce): it fails, never skips, when PostgreSQL is down —
 * run scripts/start-postgres.sh as root (./quiesce test does, as root).
 */
class PostgresJournalTest {

    private static final String URL = env("QUIESCE_PG_URL", "jdbc:postgresql://127.0.0.1:5432/quiesce");
    private static final String USER = env("QUIESCE_PG_USER", "quiesce");
    private static final String PASSWORD = env("QUIESCE_PG_PASSWORD", "quiesce");

    private static String env(String name, String otherwise) {
        return Objects.requireNonNullElse(System.getenv(name), otherwise);
    }

    @BeforeAll
    static void postgresIsUp() {
        try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD)) {
            assertThat(c.isValid(5)).isTrue();
        } catch (SQLException e) {
            fail("PostgreSQL is not reachable at " + URL + " as " + USER + " (" + e.getMessage() + "): run "
                    + "scripts/start-postgres.sh as root, or point QUIESCE_PG_URL, QUIESCE_PG_USER and "
                    + "QUIESCE_PG_PASSWORD at a PostgreSQL with that role and database", e);
        }
    }

    @Test
    void rollout_resumesFromThePostgresJournal_andEndsAsAnUndisturbedRun(@TempDir Path dir) throws Exception {
        String id = "pg-" + UUID.randomUUID();
        RolloutResumeCheck.assertResumesAsUndisturbed(dir, id,
                () -> RolloutJournal.open(URL, USER, PASSWORD), () -> RolloutJournal.open(URL, USER, PASSWORD));
        assertThat(events("rollout-" + id + "-crashed")).as("events journaled in PostgreSQL").isPositive();
    }

    @Test
    void open_createsThePluginsTablesIdempotently_andPointsTheJournalAtPostgres() throws SQLException {
        RolloutJournal.open(URL, USER, PASSWORD);
        Config config = RolloutJournal.open(URL, USER, PASSWORD);

        String shared = "pekko-persistence-jdbc.shared-databases.quiesce";
        assertThat(config.getString(shared + ".profile")).isEqualTo("slick.jdbc.PostgresProfile$");
        assertThat(config.getString(shared + ".db.driver")).isEqualTo("org.postgresql.Driver");
        assertThat(config.getString(shared + ".db.url")).isEqualTo(URL);
        assertThat(config.getInt(shared + ".db.maxConnections")).isEqualTo(4);
        assertThat(config.getString("jdbc-read-journal.use-shared-db")).isEqualTo("quiesce");
        try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD);
             ResultSet rs = c.getMetaData().getTables(null, "public", "%", new String[] {"TABLE"})) {
            List<String> tables = new ArrayList<>();
            while (rs.next()) {
                tables.add(rs.getString("TABLE_NAME"));
            }
            assertThat(tables).contains("event_journal", "event_tag", "snapshot", "durable_state");
        }
    }

    @Test
    void open_onAPostgresThatIsDown_namesTheUrlAndSaysToStartIt() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        String down = "jdbc:postgresql://127.0.0.1:" + closed + "/quiesce";

        assertThatThrownBy(() -> RolloutJournal.open(down, USER, PASSWORD))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(down)
                .hasMessageContaining("start PostgreSQL")
                .hasMessageContaining("scripts/start-postgres.sh");
    }

    private static long events(String persistenceId) throws SQLException {
        try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD);
             PreparedStatement st = c.prepareStatement("SELECT count(*) FROM event_journal WHERE persistence_id = ?")) {
            st.setString(1, persistenceId);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
