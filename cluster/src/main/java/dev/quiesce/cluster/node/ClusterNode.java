package dev.quiesce.cluster.node;

import dev.quiesce.cluster.host.HostEntity;
import dev.quiesce.cluster.host.HostRunner;
import dev.quiesce.cluster.rollout.FleetSpec;
import dev.quiesce.cluster.rollout.RolloutManager;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.ClusterSingletonSettings;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.cluster.typed.SingletonActor;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * One Pekko Cluster node of the fleet (actor system "quiesce", artery): a host node (role "host") holds shards of
 * {@link HostEntity} and may run the {@link RolloutManager} singleton (on the oldest host node; it moves when that node
 * is lost); a client node (role "client") reaches both through proxies. Every node has the split brain resolver
 * (keep-majority) and the shared journal. A node with no seed nodes joins itself (it is the first node).
 */
public final class ClusterNode {

    /** The actor system's name (part of every node's address). */
    public static final String SYSTEM = "quiesce";
    /** The role of nodes holding host entities and the rollout manager. */
    public static final String HOST_ROLE = "host";
    /** The role of nodes that only start rollouts and read their results. */
    public static final String CLIENT_ROLE = "client";
    private static final String MANAGER = "rollout-manager";

    private ClusterNode() {
    }

    /** Starts a node; it runs until its actor system terminates. */
    public static ActorSystem<Void> start(NodeOptions o) {
        Config config = config(o);
        ClusterSettings settings = ClusterSettings.read(config);
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), SYSTEM, config);
        ExecutorService pool = Executors.newFixedThreadPool(settings.threads(), Thread.ofPlatform().daemon()
                .name("quiesce-host-", 1).factory());
        system.getWhenTerminated().thenRun(pool::shutdownNow);
        HostRunner runner = new HostRunner(o.drivers());
        ClusterSharding.get(system).init(Entity.of(HostEntity.TYPE,
                ctx -> HostEntity.create(ctx.getEntityId(), runner, pool)).withRole(HOST_ROLE));
        manager(system);
        if (o.seeds().isEmpty()) {
            Cluster cluster = Cluster.get(system);
            cluster.manager().tell(Join.create(cluster.selfMember().address()));
        }
        return system;
    }

    /** The rollout manager singleton of {@code system}'s cluster (a proxy on every node; it runs on a host node). */
    public static ActorRef<RolloutManager.Command> manager(ActorSystem<?> system) {
        ClusterSettings settings = ClusterSettings.read(system.settings().config());
        return ClusterSingleton.get(system).init(SingletonActor.of(RolloutManager.create(FleetSpec::rollouts,
                settings), MANAGER).withSettings(ClusterSingletonSettings.create(system).withRole(HOST_ROLE)));
    }

    /**
     * A node's configuration: its address, seed nodes and role, the journal, then this module's {@code
     * quiesce.cluster.pekko} block (the Pekko settings a fleet node needs: split brain resolver, shutdown) over Pekko's
     * defaults.
     */
    public static Config config(NodeOptions o) {
        List<String> seedAddresses = o.seeds().stream().map(ClusterNode::address).toList();
        Config base = ConfigFactory.load();
        return ConfigFactory.empty()
                .withValue("pekko.actor.provider", ConfigValueFactory.fromAnyRef("cluster"))
                .withValue("pekko.remote.artery.canonical.hostname", ConfigValueFactory.fromAnyRef(o.hostname()))
                .withValue("pekko.remote.artery.canonical.port", ConfigValueFactory.fromAnyRef(o.port()))
                .withValue("pekko.cluster.seed-nodes", ConfigValueFactory.fromIterable(seedAddresses))
                .withValue("pekko.cluster.roles", ConfigValueFactory.fromIterable(
                        List.of(o.hosts() ? HOST_ROLE : CLIENT_ROLE)))
                .withValue("pekko.coordinated-shutdown.exit-jvm", ConfigValueFactory.fromAnyRef(o.exitJvm()))
                .withFallback(o.journal())
                .withFallback(base.getConfig("quiesce.cluster.pekko").atPath("pekko"))
                .withFallback(base)
                .resolve();
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
