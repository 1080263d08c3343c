package dev.quiesce.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The rollout's journal on embedded H2 (a file database, no setup): the Pekko Persistence JDBC settings that point
 * the journal and snapshot store at it, and its schema — the plugin's own H2 DDL, applied with plain JDBC (it does
 * not create tables itself) and idempotent, so a resumed rollout opens the same journal.
 */
public final class RolloutJournal {

    private static final String DDL = "schema/h2/h2-create-schema.sql";

    private RolloutJournal() {
    }

    /** The JDBC URL of the journal database in {@code dir}. */
    public static String url(Path dir) {
        return "jdbc:h2:file:" + dir.toAbsolutePath().resolve("journal") + ";DB_CLOSE_DELAY=0";
    }

    /** Creates the journal's tables in {@code dir} unless they exist; returns the settings that use it. */
    public static Config open(Path dir) {
        String url = url(dir);
        try (Connection c = DriverManager.getConnection(url, "quiesce", ""); Statement st = c.createStatement()) {
            for (String sql : ddl().split(";")) {
                if (!sql.isBlank()) {
                    st.execute(sql.replace("CREATE UNIQUE INDEX \"", "CREATE UNIQUE INDEX IF NOT EXISTS \""));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the rollout journal at " + url + ": " + e.getMessage(), e);
        }
        return ConfigFactory.parseString("""
                pekko.persistence.journal.plugin = "jdbc-journal"
                pekko.persistence.snapshot-store.plugin = "jdbc-snapshot-store"
                jdbc-journal.use-shared-db = "quiesce"
                jdbc-snapshot-store.use-shared-db = "quiesce"
                jdbc-read-journal.use-shared-db = "quiesce"
                pekko-persistence-jdbc.shared-databases.quiesce {
                  profile = "slick.jdbc.H2Profile$"
                  db {
                    driver = "org.h2.Driver"
                    user = "quiesce"
                    password = ""
                    numThreads = 2
                    maxConnections = 2
                    minConnections = 1
                  }
                }
                """).withValue("pekko-persistence-jdbc.shared-databases.quiesce.db.url",
                ConfigValueFactory.fromAnyRef(url));
    }

    private static String ddl() {
        try (InputStream in = RolloutJournal.class.getClassLoader().getResourceAsStream(DDL)) {
            if (in == null) {
                throw new IllegalStateException(DDL + " is not on the class path (pekko-persistence-jdbc)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
