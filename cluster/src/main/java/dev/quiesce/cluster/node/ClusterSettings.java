package dev.quiesce.cluster.node;

import com.typesafe.config.Config;
import dev.quiesce.settings.SettingsReader;

import java.time.Duration;
import java.util.Set;

/**
 * The cluster module's settings ({@code quiesce.cluster} in its reference.conf), validated on read.
 *
 * @param hostTimeout    how long a rollout waits with commands open and no host replying before it fails
 * @param redeliverAfter how long a command may stay unanswered before it is delivered again (attempt + 1)
 * @param workers        threads per node running host commands (0 = one per available processor)
 */
public record ClusterSettings(Duration hostTimeout, Duration redeliverAfter, int workers) {

    private static final String KEY = "quiesce.cluster";

    public ClusterSettings {
        positive("quiesce.cluster.host-timeout", hostTimeout);
        positive("quiesce.cluster.redeliver-after", redeliverAfter);
        if (workers < 0 || workers > 256) {
            throw new IllegalArgumentException("quiesce.cluster.workers must be 0..256: " + workers);
        }
    }

    /**
     * The settings in {@code config} (which has this module's reference.conf below it).
     *
     * @throws IllegalArgumentException naming the file and line, the key and its legal values, for a bad value or a
     *                                  key of the block that nothing reads
     */
    public static ClusterSettings read(Config config) {
        Config c = config.getConfig(KEY);
        new SettingsReader(c.withoutPath("journal").withoutPath("pekko"), KEY)
                .rejectUnknown(Set.of("host-timeout", "redeliver-after", "workers"));
        SettingsReader r = new SettingsReader(c, KEY);
        return new ClusterSettings(r.positiveDuration("host-timeout"), r.positiveDuration("redeliver-after"),
                (int) r.longIn("workers", 0, 256));
    }

    /** The number of worker threads on this machine. */
    public int threads() {
        return workers == 0 ? Runtime.getRuntime().availableProcessors() : workers;
    }

    private static void positive(String key, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(key + " must be a positive duration, e.g. 5s: " + d);
        }
    }
}
