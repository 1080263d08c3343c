package dev.quiesce.fleetsim;

import dev.quiesce.cluster.ClusterNode;
import dev.quiesce.cluster.FleetSpec;
import dev.quiesce.cluster.LocalCluster;
import dev.quiesce.cluster.ShardedDriver;
import dev.quiesce.fleet.rollout.HostDriver;
import dev.quiesce.fleet.rollout.Rollout;
import dev.quiesce.fleet.rollout.RolloutRunner;
import dev.quiesce.fleet.scenario.FleetLayout;
import dev.quiesce.fleet.scenario.FleetScenario;

import java.time.Duration;

/**
 * Runs a fleet scenario over a local Pekko cluster: {@code nodes} host nodes as separate JVM processes hold the
 * modelled hosts as sharded entities; the rollout (unchanged, and any emulated canaries) runs in this process, which
 * joins the cluster, and sends the host commands through sharding. Same scenario and seed, same fleet trace hash
 * as {@link FleetSimulation#run}.
 */
public final class ClusterFleet {

    private ClusterFleet() {
    }

    /** Runs {@code scenario} on {@code nodes} host processes of {@code mainClass} (blocking; stops them after). */
    public static FleetSimulation run(FleetScenario scenario, int nodes, String mainClass, Duration startTimeout) {
        FleetLayout layout = new FleetLayout(scenario);
        try (LocalCluster cluster = LocalCluster.start(nodes, mainClass, startTimeout)) {
            HostDriver sharded = new ShardedDriver(cluster.system(), new FleetSpec(scenario.source(), scenario.sets(),
                    scenario.seed()), ClusterNode.hostTimeout(cluster.system()));
            HostDriver driver = layout.canaries().isEmpty() ? sharded
                    : HostDriver.routing(layout::emulated, new EmulatedCanaryDriver(scenario, layout), sharded);
            Rollout rollout = new Rollout(layout.order(), scenario.policy(), scenario.payloads(), layout::group);
            int waiting = Math.min(256, Math.max(scenario.threads(), scenario.policy().maxConcurrent()));
            return new FleetSimulation(scenario, layout, RolloutRunner.run(rollout, driver, waiting));
        }
    }
}
