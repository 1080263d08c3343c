package dev.quiesce.cli;

import dev.quiesce.cluster.ClusterNode;
import org.apache.pekko.actor.typed.ActorSystem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code quiesce node}: starts one Pekko Cluster node of the fleet on 127.0.0.1 holding host entities, and runs until
 * it is stopped (or the process it watches exits).
 */
@Command(name = "node", mixinStandardHelpOptions = true,
        description = {"Start one cluster node on 127.0.0.1 holding fleet hosts (sharded entities); it joins the",
                "seed nodes and runs until stopped. `quiesce fleet SCENARIO --nodes N` starts such nodes itself."})
final class NodeCommand implements Callable<Integer> {

    @Option(names = "--port", required = true, description = "The node's port (artery, TCP); 0 = any free port.")
    int port;

    @Option(names = "--seed-nodes", split = ",", description = "Nodes to join, host:port,...; none = start a new"
            + " cluster.")
    List<String> seeds = new ArrayList<>();

    @Option(names = "--watch-pid", hidden = true, description = "Stop when this process exits (set by --nodes).")
    long watchPid;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        ActorSystem<Void> system = ClusterNode.start(port, seeds, true);
        if (watchPid > 0) {
            ProcessHandle.of(watchPid).ifPresentOrElse(p -> p.onExit().thenRun(system::terminate), system::terminate);
        }
        spec.commandLine().getOut().println("node up at " + ClusterNode.hostPort(system));
        spec.commandLine().getOut().flush();
        system.getWhenTerminated().toCompletableFuture().join();
        return 0;
    }
}
