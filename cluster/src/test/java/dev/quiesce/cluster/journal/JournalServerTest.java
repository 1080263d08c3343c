package dev.quiesce.cluster.journal;

import dev.quiesce.cluster.rollout.RolloutResumeCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The H2 journal served over TCP by {@link RolloutJournal#serve}: the journal of the nodes of a local cluster. */
class JournalServerTest {

    private static final String USER = "quiesce";
    private static final String PASSWORD = "";

    @Test
    void aRolloutResumesFromTheServedJournal_whichAnotherProcessOnThisMachineReadsToo(@TempDir Path dir)
            throws Exception {
        try (JournalServer server = RolloutJournal.serve(dir)) {
            RolloutResumeCheck.assertResumesAsUndisturbed(dir, "served",
                    () -> RolloutJournal.open(server.url(), USER, PASSWORD),
                    () -> RolloutJournal.open(server.url(), USER, PASSWORD));

            String sql = "SELECT COUNT(*) FROM \"event_journal\" WHERE \"persistence_id\" = 'rollout-served-crashed'";
            long events = count(server.url(), sql);
            assertThat(events).as("events journaled through " + server.url()).isPositive();
            assertThat(countInAnotherProcess(server.url(), sql)).isEqualTo(events);
        }
    }

    @Test
    void serve_createsTheJournalInTheDirectory_andServesItOnLoopback(@TempDir Path dir) throws Exception {
        try (JournalServer server = RolloutJournal.serve(dir)) {
            assertThat(dir.resolve("journal.mv.db")).exists();
            assertThat(server.url()).matches("jdbc:h2:tcp://127\\.0\\.0\\.1:\\d+/journal");
            assertThat(count(server.url(), "SELECT COUNT(*) FROM \"event_journal\"")).isZero();
            assertThat(RolloutJournal.open(server.url(), USER, PASSWORD)
                    .getString("pekko-persistence-jdbc.shared-databases.quiesce.profile"))
                    .isEqualTo("slick.jdbc.H2Profile$");
        }
    }

    @Test
    void aClosedServer_isReportedWithItsUrl_andWhatToDo(@TempDir Path dir) {
        JournalServer server = RolloutJournal.serve(dir);
        server.close();

        assertThatThrownBy(() -> RolloutJournal.open(server.url(), USER, PASSWORD))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(server.url())
                .hasMessageContaining("RolloutJournal.serve");
    }

    @Test
    void theServer_opensOnlyTheJournal_neverCreatesAnotherDatabase(@TempDir Path dir) {
        try (JournalServer server = RolloutJournal.serve(dir)) {
            String other = server.url().replace("/journal", "/other");
            assertThatThrownBy(() -> DriverManager.getConnection(other, USER, PASSWORD).close())
                    .isInstanceOf(SQLException.class);
            assertThat(dir.resolve("other.mv.db")).doesNotExist();
        }
    }

    private static long count(String url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, USER, PASSWORD);
             PreparedStatement st = c.prepareStatement(sql); ResultSet rs = st.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** {@code sql}'s count, read by H2's own shell in a new JVM through {@code url}. */
    private static long countInAnotherProcess(String url, String sql)
            throws IOException, InterruptedException, URISyntaxException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path h2 = Path.of(org.h2.Driver.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Process p = new ProcessBuilder(List.of(java.toString(), "-cp", h2.toString(), "org.h2.tools.Shell",
                "-url", url, "-user", USER, "-password", PASSWORD, "-sql", sql))
                .redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(1, TimeUnit.MINUTES)).as("the other process ended").isTrue();
        assertThat(p.exitValue()).as("the other process: " + out).isZero();
        // H2's shell prints the column name, then the value, then "(1 row, N ms)"
        return out.lines().map(String::strip).filter(l -> l.matches("\\d+")).mapToLong(Long::parseLong)
                .findFirst().orElseThrow(() -> new AssertionError("no count in the other process's output: " + out));
    }
}
