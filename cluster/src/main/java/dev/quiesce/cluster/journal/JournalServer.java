package dev.quiesce.cluster.journal;

import org.h2.tools.Server;

import java.nio.file.Path;
import java.sql.SQLException;

/**
 * An H2 TCP server that serves the rollout journal of one directory to the other processes on this machine (the
 * nodes of a local cluster): they open {@link #url()} with {@link RolloutJournal#open(String, String, String)}, user
 * "quiesce" and an empty password. Made by {@link RolloutJournal#serve(Path)}.
 *
 * <p>What it listens on: a free port ({@code -tcpPort 0}) on the wildcard address ({@code ss -ltn} shows
 * {@code *:PORT}): H2 binds to the {@code h2.bindAddress} system property, which it reads once, when it is first
 * loaded, so only a JVM flag ({@code -Dh2.bindAddress=127.0.0.1}) narrows the socket itself. Without
 * {@code -tcpAllowOthers}, though, H2 closes at once every connection whose peer is not an address of this machine,
 * so other machines cannot use the journal. With {@code -ifExists} a client opens only the journal database that
 * exists in the directory ({@code -baseDir}), never creates another one.
 */
public final class JournalServer implements AutoCloseable {

    private final Server tcp;
    private final String url;

    private JournalServer(Server tcp) {
        this.tcp = tcp;
        this.url = "jdbc:h2:tcp://127.0.0.1:" + tcp.getPort() + "/journal";
    }

    /** Serves the journal database that exists in {@code dir} (see {@link RolloutJournal#serve(Path)}). */
    static JournalServer start(Path dir) {
        String base = dir.toAbsolutePath().toString();
        try {
            return new JournalServer(Server.createTcpServer(
                    "-tcpPort", "0", "-baseDir", base, "-ifExists", "-tcpDaemon").start());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot serve the rollout journal in " + base + ": " + e.getMessage(), e);
        }
    }

    /** The JDBC URL of the served journal, e.g. {@code jdbc:h2:tcp://127.0.0.1:40123/journal}. */
    public String url() {
        return url;
    }

    /** The settings other processes open the served journal with (user "quiesce", empty password). */
    public JournalSettings settings() {
        return new JournalSettings(url, RolloutJournal.H2_USER, "");
    }

    /** Stops serving: closes the server socket and every open connection. */
    @Override
    public void close() {
        tcp.stop();
    }

    @Override
    public String toString() {
        return "JournalServer[" + url + "]";
    }
}
