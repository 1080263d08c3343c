package dev.quiesce.cluster.node;

import com.typesafe.config.Config;

import java.time.Duration;

/**
 * The cluster module's settings ({@code quiesce.cluster} in its reference.conf), validated on read.
 *
 * @param hostTimeout    how long a rollout waits with commands open and no host replying before it fails
 * @param redeliverAfter how long a command may stay unanswered before it is delivered again (attempt + 1)
 * @param workers        threads per node running host commands (0 = one per available processor)
 */
public record ClusterSettings(Duration hostTimeout, Duration redeliverAfter, int workers) {

    public ClusterSettings {
        positive("quiesce.cluster.host-timeout", hostTimeout);
        positive("quiesce.cluster.redeliver-after", redeliverAfter);
        if (workers < 0 || workers > 256) {
            throw new IllegalArgumentException("quiesce.cluster.workers must be 0..256: " + workers);
        }
    }

    /** The settings in {@code config} (which has this module's reference.conf below it). */
    public static ClusterSettings read(Config config) {
        Config c = config.getConfig("quiesce.cluster");
        return new ClusterSettings(c.getDuration("host-timeout"), c.getDuration("redeliver-after"), c.getInt("workers"));
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
