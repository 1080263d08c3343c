package dev.quiesce.cluster.node;

import dev.quiesce.cluster.rollout.FleetSpec;
import com.typesafe.config.Config;
import dev.quiesce.fleet.rollout.HostDriver;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * How to start one cluster node.
 *
 * @param hostname the address other nodes reach this one at (127.0.0.1 on one machine)
 * @param port     the node's port (artery, TCP); 0 = any free port
 * @param seeds    nodes to join, "host:port"; none = this node starts a new cluster
 * @param hosts    whether the node holds host entities and may run the rollout manager (role "host"), or is a
 *                 client that only reaches them (role "client")
 * @param journal  the Pekko Persistence settings of the shared journal ({@link RolloutJournal})
 * @param drivers  what the node's host entities run for a fleet
 * @param exitJvm  whether the process exits when the node leaves the cluster (e.g. when it is downed)
 */
public record NodeOptions(String hostname, int port, List<String> seeds, boolean hosts, Config journal,
                          Function<FleetSpec, HostDriver> drivers, boolean exitJvm) {

    public NodeOptions {
        Objects.requireNonNull(hostname, "hostname");
        seeds = List.copyOf(seeds);
        Objects.requireNonNull(journal, "journal");
        Objects.requireNonNull(drivers, "drivers");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535: " + port);
        }
        checkSeeds(seeds);
    }

    /** Checks that each seed node is "host:port". */
    public static void checkSeeds(List<String> seeds) {
        for (String s : seeds) {
            if (!s.matches("[A-Za-z0-9.\\-]+:\\d{1,5}")) {
                throw new IllegalArgumentException("a seed node is host:port, e.g. 127.0.0.1:25520, not '" + s + "'");
            }
        }
    }
}
