package dev.quiesce.cluster.journal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A kind of database the rollout journal runs on: the JDBC URL prefix that names it, its Slick profile and JDBC
 * driver, the pekko-persistence-jdbc DDL for it (made idempotent) and what to do when it cannot be reached.
 */
enum JournalDatabase {
    H2("jdbc:h2:", "slick.jdbc.H2Profile$", "org.h2.Driver", "schema/h2/h2-create-schema.sql",
            "a jdbc:h2:tcp:// journal is served by the process that started the rollout (RolloutJournal.serve): "
                    + "start it, or check the URL's port; a jdbc:h2:file: journal is open in one process at a time"),
    POSTGRES("jdbc:postgresql:", "slick.jdbc.PostgresProfile$", "org.postgresql.Driver",
            "schema/postgres/postgres-create-schema.sql",
            "start PostgreSQL and create the role and database: run scripts/start-postgres.sh as root "
                    + "(./quiesce test does, as root)");

    /** Every statement of a DDL file, once made idempotent, starts like this. */
    private static final Pattern IDEMPOTENT = Pattern.compile(
            "(?is)CREATE\\s+(TABLE|SEQUENCE|(UNIQUE\\s+)?INDEX)\\s+IF\\s+NOT\\s+EXISTS\\s.*");
    private static final Pattern CONCURRENT_INDEX = Pattern.compile(
            "(?is)^(CREATE\\s+(UNIQUE\\s+)?INDEX\\s+)CONCURRENTLY\\s+");
    private static final Pattern INDEX_UNLESS_EXISTS = Pattern.compile(
            "(?is)^(CREATE\\s+(UNIQUE\\s+)?INDEX\\s++)(?!IF\\s+NOT\\s+EXISTS\\s)");
    /** The advisory lock ("quiesceL") under which one session at a time creates the PostgreSQL tables (concurrent
     * CREATE TABLE IF NOT EXISTS can collide on the catalog). */
    private static final long SCHEMA_LOCK = 0x717569657363654CL;

    final String prefix;
    final String profile;
    final String driver;
    private final String ddl;
    private final String hint;

    JournalDatabase(String prefix, String profile, String driver, String ddl, String hint) {
        this.prefix = prefix;
        this.profile = profile;
        this.driver = driver;
        this.ddl = ddl;
        this.hint = hint;
    }

    /** The database {@code url} names; IllegalArgumentException if the journal cannot run on it. */
    static JournalDatabase of(String url) {
        for (JournalDatabase d : values()) {
            if (url.startsWith(d.prefix)) {
                return d;
            }
        }
        throw new IllegalArgumentException("the rollout journal runs on H2 (jdbc:h2:file:..., jdbc:h2:tcp://...) "
                + "or PostgreSQL (jdbc:postgresql://HOST:5432/quiesce), not '" + url + "'");
    }

    /** Whether {@code url} names a database the journal runs on. */
    static boolean supports(String url) {
        return Arrays.stream(values()).anyMatch(d -> url.startsWith(d.prefix));
    }

    /** Creates the journal's tables at {@code url} unless they exist. */
    void createSchema(String url, String user, String password) {
        Connection c;
        try {
            c = DriverManager.getConnection(url, user, password);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach the rollout journal at " + url + " as user '" + user
                    + "' (" + e.getMessage() + "): " + hint, e);
        }
        try (c; Statement st = c.createStatement()) {
            if (this == POSTGRES) {
                st.execute("SELECT pg_advisory_lock(" + SCHEMA_LOCK + ")");
            }
            for (String sql : ddl()) {
                st.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the rollout journal's tables at " + url + ": "
                    + e.getMessage(), e);
        }
    }

    /** The plugin's DDL for this database, one idempotent statement each. */
    List<String> ddl() {
        return Arrays.stream(resource(ddl).split(";")).filter(s -> !s.isBlank())
                .map(JournalDatabase::idempotent).toList();
    }

    /**
     * {@code sql} with IF NOT EXISTS added to a CREATE INDEX, and without CONCURRENTLY (it waits for every other
     * session's transaction, so sessions creating the tables at once deadlock; the tables are new and small);
     * IllegalStateException if it is still not idempotent.
     */
    static String idempotent(String sql) {
        String s = CONCURRENT_INDEX.matcher(sql.strip()).replaceFirst("$1");
        s = INDEX_UNLESS_EXISTS.matcher(s).replaceFirst("$1IF NOT EXISTS ");
        if (!IDEMPOTENT.matcher(s).matches()) {
            throw new IllegalStateException("cannot run this journal DDL statement twice (pekko-persistence-jdbc "
                    + "changed its schema?): " + s);
        }
        return s;
    }

    private static String resource(String name) {
        try (InputStream in = JournalDatabase.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is not on the class path (pekko-persistence-jdbc)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
