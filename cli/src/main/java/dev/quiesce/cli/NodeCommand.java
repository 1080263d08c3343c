package dev.quiesce.cli;

import com.typesafe.config.ConfigFactory;
import dev.quiesce.cluster.journal.JournalSettings;
import dev.quiesce.cluster.node.NodeMain;
import dev.quiesce.cluster.node.NodeOptions;
import dev.quiesce.cluster.journal.RolloutJournal;
import dev.quiesce.fleetsim.ClusterFleet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code quiesce node}: starts one Pekko Cluster node of the fleet holding host entities (modelled hosts and emulated
 * canaries) and able to run the rollout manager singleton, and runs until it is stopped (or the process it watches
 * exits, or the cluster downs it).
 */
@Command(name = "node", mixinStandardHelpOptions = true,
        description = {"Start one cluster node holding fleet hosts (sharded entities) and able to run the rollout",
                "manager (a cluster singleton); it joins the seed nodes and runs until stopped. All nodes share one",
                "journal database. `quiesce fleet SCENARIO --nodes N` starts such nodes itself on 127.0.0.1;",
                "`quiesce fleet SCENARIO --join HOST:PORT --journal URL` runs a rollout on nodes started by hand."})
final class NodeCommand implements Callable<Integer> {

    @Option(names = "--port", required = true, description = "The node's port (artery, TCP); 0 = any free port.")
    int port;

    @Option(names = "--host", description = "The address other nodes reach this one at (default 127.0.0.1).")
    String host = "127.0.0.1";

    @Option(names = "--seed-nodes", split = ",", description = "Nodes to join, host:port,...; none = start a new"
            + " cluster.")
    List<String> seeds = new ArrayList<>();

    @Option(names = "--journal", paramLabel = "URL", description = "The shared journal: jdbc:postgresql://HOST:5432/DB"
            + " (password from $QUIESCE_JOURNAL_PASSWORD, default quiesce) or the jdbc:h2:tcp URL a local cluster"
            + " serves.")
    String journal;

    @Option(names = "--journal-user", description = "The journal database's user (default quiesce).")
    String journalUser;

    @Option(names = "--watch-pid", hidden = true, description = "Stop when this process exits (set by --nodes).")
    long watchPid;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        NodeOptions.checkSeeds(seeds);
        JournalSettings j = JournalSettings.resolve(ConfigFactory.load(), journal, journalUser);
        if (j.embedded()) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "a node needs the cluster's shared"
                    + " journal: --journal jdbc:postgresql://HOST:5432/quiesce (see README, Running on several"
                    + " machines)");
        }
        checkAddress(host, port);
        NodeMain.serve(new NodeOptions(host, port, seeds, true, RolloutJournal.open(j.url(), j.user(), j.password()),
                ClusterFleet::drivers, true), watchPid, System.out);
        return 0;
    }

    /**
     * Refuses an address the node could not bind, before any actor starts (whose failure would be ~90 lines of
     * Pekko's log): a host name that does not resolve, a port already in use.
     */
    static void checkAddress(String host, int port) {
        java.net.InetAddress address;
        try {
            address = java.net.InetAddress.getByName(host);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException("--host " + host + " does not resolve: give an address of this machine"
                    + " (e.g. 127.0.0.1)");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--port " + port + " is not a port: 1..65535, or 0 for any free one");
        }
        if (port == 0) {
            return;
        }
        try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new java.net.InetSocketAddress(address, port));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("cannot listen on " + host + ":" + port + " (" + e.getMessage()
                    + "): choose another --port (0 picks a free one), or stop what uses it");
        }
    }
}
