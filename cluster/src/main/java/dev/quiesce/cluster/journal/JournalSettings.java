package dev.quiesce.cluster.journal;

import com.typesafe.config.Config;
import dev.quiesce.settings.SettingsReader;

import java.util.Set;

/**
 * Where the rollout's journal lives (quiesce.cluster.journal): {@code embedded}, an H2 database served by the process
 * that starts the rollout ({@link RolloutJournal#serve}), or the JDBC URL of a database with the user and password
 * to open it with ({@link RolloutJournal#open(String, String, String)}).
 */
public record JournalSettings(String url, String user, String password) {

    /** The {@code url} of the journal served by the process that starts the rollout. */
    public static final String EMBEDDED = "embedded";

    /** The environment variable that, when set, gives the journal database's password. */
    public static final String PASSWORD_ENV = "QUIESCE_JOURNAL_PASSWORD";

    private static final String KEY = "quiesce.cluster.journal";
    private static final String LEGAL_URL = EMBEDDED + ", jdbc:h2:... or jdbc:postgresql://HOST:5432/quiesce";

    /** Checks that {@code url} is {@code embedded} or an H2 or PostgreSQL JDBC URL. */
    public JournalSettings {
        if (!legal(url)) {
            throw new IllegalArgumentException(KEY + ".url must be " + LEGAL_URL + ", not '" + url + "'");
        }
    }

    /**
     * The settings under quiesce.cluster.journal in {@code config}.
     *
     * @throws IllegalArgumentException naming the file and line, the key and its legal values
     */
    public static JournalSettings read(Config config) {
        SettingsReader r = new SettingsReader(config.getConfig(KEY), KEY);
        r.rejectUnknown(Set.of("url", "user", "password"));
        String url = r.string("url", LEGAL_URL);
        if (!legal(url)) {
            throw r.invalid("url", "= '" + url + "' is not a journal", LEGAL_URL);
        }
        return new JournalSettings(url, r.string("user", "a database user name"), r.string("password", "a password"));
    }

    private static boolean legal(String url) {
        return url.equals(EMBEDDED) || JournalDatabase.supports(url);
    }

    /**
     * The settings under quiesce.cluster.journal in {@code config} with a command line's {@code url} and {@code user}
     * (each null = keep) and the password from {@value #PASSWORD_ENV} when it is set.
     */
    public static JournalSettings resolve(Config config, String url, String user) {
        JournalSettings base = read(config);
        return new JournalSettings(url == null ? base.url() : url, user == null ? base.user() : user,
                password(base.password()));
    }

    /** The password from {@value #PASSWORD_ENV} if set, else {@code otherwise}. */
    public static String password(String otherwise) {
        String env = System.getenv(PASSWORD_ENV);
        return env == null ? otherwise : env;
    }

    /** Whether the journal is the embedded one, served by the process that starts the rollout. */
    public boolean embedded() {
        return url.equals(EMBEDDED);
    }

    /** Without the password. */
    @Override
    public String toString() {
        return "JournalSettings[url=" + url + ", user=" + user + "]";
    }
}
