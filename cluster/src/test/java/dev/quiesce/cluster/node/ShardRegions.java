package dev.quiesce.cluster.node;

import dev.quiesce.cluster.host.HostEntity;
import org.apache.pekko.actor.ActorSelection;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.pattern.Patterns;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the host nodes of a local cluster hold, asked of each node's own shard region of host entities (Pekko Cluster
 * Sharding's {@code GetShardRegionState}, sent from the test's node to the region's path on that node, {@code
 * /system/sharding/quiesce-host}; the reply lists the shards the region hosts and their live entities).
 */
final class ShardRegions {

    private static final Pattern UP = Pattern.compile("node up at (\\S+) \\(pid (\\d+)\\)");

    private ShardRegions() {
    }

    /** Each host node's "host:port" by pid, read from the line each node logs when it is up. */
    static Map<Long, String> nodes(LocalCluster cluster) {
        Map<Long, String> nodes = new TreeMap<>();
        for (int i = 1; i <= cluster.processes().size(); i++) {
            try {
                Matcher m = UP.matcher(Files.readString(cluster.log(i)));
                if (m.find()) {
                    nodes.put(Long.parseLong(m.group(2)), m.group(1));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return nodes;
    }

    /** The host entity ids live in the shard region of the node at {@code hostPort}. */
    static Set<String> entities(LocalCluster cluster, String hostPort) throws Exception {
        ActorSelection region = Adapter.toClassic(cluster.system()).actorSelection("pekko://" + ClusterNode.SYSTEM
                + "@" + hostPort + "/system/sharding/" + HostEntity.TYPE.name());
        var state = (ShardRegion.CurrentShardRegionState) Patterns.ask(region,
                ShardRegion.getShardRegionStateInstance(), Duration.ofSeconds(10)).toCompletableFuture().get();
        Set<String> ids = new TreeSet<>();
        state.getShards().forEach(shard -> ids.addAll(shard.getEntityIds()));
        return ids;
    }
}
