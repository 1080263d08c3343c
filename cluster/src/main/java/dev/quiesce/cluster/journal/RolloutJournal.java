package dev.quiesce.cluster.journal;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;

import java.nio.file.Path;

/**
 * The rollout's journal: the Pekko Persistence JDBC settings that point the journal, the snapshot store and the read
 * journal at one database, and that database's schema — the plugin's own DDL, applied with plain JDBC (the plugin
 * does not create tables itself) and idempotent, so a resumed rollout opens the same journal. The database is H2
 * (a file in a directory, no setup; {@link #serve served} over TCP to the nodes on one machine) or PostgreSQL (for a
 * cluster of several machines). Its circuit breakers retry the database every 2 s while it is away, so a rollout
 * resumes soon after the database is back.
 */
public final class RolloutJournal {

    /** The user of an H2 journal created by {@link #open(Path)} (its password is empty). */
    static final String H2_USER = "quiesce";

    private RolloutJournal() {
    }

    /** The JDBC URL of the journal database in {@code dir}. */
    public static String url(Path dir) {
        return "jdbc:h2:file:" + dir.toAbsolutePath().resolve("journal") + ";DB_CLOSE_DELAY=0";
    }

    /** Creates the journal's tables in {@code dir} unless they exist; returns the settings that use it. */
    public static Config open(Path dir) {
        return open(url(dir), H2_USER, "");
    }

    /**
     * Creates the journal's tables in the database at {@code jdbcUrl} ({@code jdbc:h2:...} or
     * {@code jdbc:postgresql://...}) unless they exist; returns the settings that use it. IllegalArgumentException
     * for another kind of URL; IllegalStateException, naming the URL and what to do, if the database cannot be
     * reached or its tables cannot be created.
     */
    public static Config open(String jdbcUrl, String user, String password) {
        JournalDatabase db = JournalDatabase.of(jdbcUrl);
        db.createSchema(jdbcUrl, user, password);
        String shared = "pekko-persistence-jdbc.shared-databases.quiesce";
        return ConfigFactory.parseString("""
                pekko.persistence.journal.plugin = "jdbc-journal"
                pekko.persistence.snapshot-store.plugin = "jdbc-snapshot-store"
                jdbc-journal.use-shared-db = "quiesce"
                jdbc-snapshot-store.use-shared-db = "quiesce"
                jdbc-read-journal.use-shared-db = "quiesce"
                pekko-persistence-jdbc.shared-databases.quiesce.db {
                  numThreads = 4
                  maxConnections = 4
                  minConnections = 1
                }
                # While the database is away every journal call fails; after max-failures the circuit breaker
                # fails them fast and lets one through every reset-timeout. Pekko's defaults (30 s for the journal,
                # 60 s for the snapshot store, which every recovery reads first) keep a node's entities failing for
                # up to a minute after the database is back — as long as quiesce.cluster.host-timeout.
                jdbc-journal.circuit-breaker { max-failures = 10, call-timeout = 10s, reset-timeout = 2s }
                jdbc-snapshot-store.circuit-breaker { max-failures = 5, call-timeout = 10s, reset-timeout = 2s }
                """)
                .withValue(shared + ".profile", ConfigValueFactory.fromAnyRef(db.profile))
                .withValue(shared + ".db.driver", ConfigValueFactory.fromAnyRef(db.driver))
                .withValue(shared + ".db.url", ConfigValueFactory.fromAnyRef(jdbcUrl))
                .withValue(shared + ".db.user", ConfigValueFactory.fromAnyRef(user))
                .withValue(shared + ".db.password", ConfigValueFactory.fromAnyRef(password));
    }

    /**
     * Creates the H2 journal in {@code dir} (as {@link #open(Path)} does: user "quiesce", empty password) and serves
     * it over TCP on a free loopback port, to the node processes of a cluster on this machine; close the server to
     * stop serving. See {@link JournalServer} for what it listens on.
     */
    public static JournalServer serve(Path dir) {
        open(dir);
        return JournalServer.start(dir);
    }
}
