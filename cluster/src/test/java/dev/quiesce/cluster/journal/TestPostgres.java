package dev.quiesce.cluster.journal;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Objects;

import static org.assertj.core.api.Assertions.fail;

/**
 * The PostgreSQL the cluster tests share (QUIESCE_PG_URL, default jdbc:postgresql://127.0.0.1:5432/quiesce; user and
 * password QUIESCE_PG_USER, QUIESCE_PG_PASSWORD, default quiesce). Tests fail, never skip, when it is down.
 */
public final class TestPostgres {

    public static final String URL = env("QUIESCE_PG_URL", "jdbc:postgresql://127.0.0.1:5432/quiesce");
    public static final String USER = env("QUIESCE_PG_USER", "quiesce");
    public static final String PASSWORD = env("QUIESCE_PG_PASSWORD", "quiesce");

    private TestPostgres() {
    }

    /** The journal settings of the test database. */
    public static JournalSettings settings() {
        return new JournalSettings(URL, USER, PASSWORD);
    }

    /** Fails with what to do when PostgreSQL is not reachable. */
    public static void assertUp() {
        try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD)) {
            if (!c.isValid(5)) {
                fail("PostgreSQL at " + URL + " does not answer");
            }
        } catch (SQLException e) {
            fail("PostgreSQL is not reachable at " + URL + " as " + USER + " (" + e.getMessage() + "): run "
                    + "scripts/start-postgres.sh as root, or point QUIESCE_PG_URL, QUIESCE_PG_USER and "
                    + "QUIESCE_PG_PASSWORD at a PostgreSQL with that role and database", e);
        }
    }

    private static String env(String name, String otherwise) {
        return Objects.requireNonNullElse(System.getenv(name), otherwise);
    }
}
