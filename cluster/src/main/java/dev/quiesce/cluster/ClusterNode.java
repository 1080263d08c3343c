package dev.quiesce.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * One Pekko Cluster node of the fleet on 127.0.0.1 (actor system "quiesce", artery): a host node (role "host") holds
 * shards of {@link HostEntity}; the rollout's node (role "rollout") only reaches them through a sharding proxy. A node
 * with no seed nodes joins itself (it is the first node).
 */
public final class ClusterNode {

    /** The actor system's name (part of every node's address). */
    public static final String SYSTEM = "quiesce";
    /** The role of nodes holding host entities. */
    public static final String HOST_ROLE = "host";

    private ClusterNode() {
    }

    /**
     * Starts a node on {@code port} (0 = any free port) joining {@code seeds} ("host:port"), holding host entities if
     * {@code hosts}; the node runs until its actor system terminates.
     */
    public static ActorSystem<Void> start(int port, List<String> seeds, boolean hosts) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535: " + port);
        }
        Config config = config(port, seeds, hosts);
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), SYSTEM, config);
        int workers = config.getInt("quiesce.cluster.workers");
        if (workers < 0 || workers > 256) {
            system.terminate();
            throw new IllegalArgumentException("quiesce.cluster.workers must be 0..256: " + workers);
        }
        ExecutorService pool = Executors.newFixedThreadPool(
                workers == 0 ? Runtime.getRuntime().availableProcessors() : workers, Thread.ofPlatform().daemon()
                        .name("quiesce-host-", 1).factory());
        system.getWhenTerminated().thenRun(pool::shutdownNow);
        HostRunner runner = new HostRunner();
        ClusterSharding.get(system).init(Entity.of(HostEntity.TYPE, ctx -> HostEntity.create(runner, pool))
                .withRole(HOST_ROLE));
        if (seeds.isEmpty()) {
            Cluster cluster = Cluster.get(system);
            cluster.manager().tell(Join.create(cluster.selfMember().address()));
        }
        return system;
    }

    /** A node's configuration: this module's reference.conf under the node's port, seed nodes and role. */
    static Config config(int port, List<String> seeds, boolean hosts) {
        List<String> seedAddresses = seeds.stream().map(ClusterNode::address).toList();
        return ConfigFactory.empty()
                .withValue("pekko.actor.provider", ConfigValueFactory.fromAnyRef("cluster"))
                .withValue("pekko.remote.artery.canonical.hostname", ConfigValueFactory.fromAnyRef("127.0.0.1"))
                .withValue("pekko.remote.artery.canonical.port", ConfigValueFactory.fromAnyRef(port))
                .withValue("pekko.cluster.seed-nodes", ConfigValueFactory.fromIterable(seedAddresses))
                .withValue("pekko.cluster.roles", ConfigValueFactory.fromIterable(List.of(hosts ? HOST_ROLE : "rollout")))
                .withFallback(ConfigFactory.parseString("""
                        pekko.actor.allow-java-serialization = off
                        pekko.loglevel = WARNING
                        pekko.log-dead-letters = off
                        pekko.log-dead-letters-during-shutdown = off
                        pekko.cluster.log-info = off
                        pekko.cluster.jmx.enabled = off
                        # nodes hold no state yet (no persistence): leaving the cluster need not wait long
                        pekko.coordinated-shutdown.phases.cluster-sharding-shutdown-region.timeout = 2s
                        pekko.coordinated-shutdown.phases.cluster-exiting.timeout = 2s
                        """))
                .withFallback(ConfigFactory.load());
    }

    /** How long the rollout waits for one host's reply (quiesce.cluster.host-timeout). */
    public static Duration hostTimeout(ActorSystem<?> system) {
        Duration d = system.settings().config().getDuration("quiesce.cluster.host-timeout");
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("quiesce.cluster.host-timeout must be positive: " + d);
        }
        return d;
    }

    /** This node's "host:port". */
    public static String hostPort(ActorSystem<?> system) {
        var a = Cluster.get(system).selfMember().address();
        return a.getHost().orElseThrow() + ":" + a.getPort().orElseThrow();
    }

    private static String address(String hostPort) {
        if (!hostPort.matches("[A-Za-z0-9.\\-]+:\\d{1,5}")) {
            throw new IllegalArgumentException("a seed node is host:port, e.g. 127.0.0.1:25520, not '" + hostPort + "'");
        }
        return "pekko://" + SYSTEM + "@" + hostPort;
    }
}
