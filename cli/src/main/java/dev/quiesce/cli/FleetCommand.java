package dev.quiesce.cli;

import dev.quiesce.cluster.journal.JournalSettings;
import dev.quiesce.fleet.scenario.FleetScenario;
import dev.quiesce.fleet.scenario.FleetScenarioLoader;
import dev.quiesce.fleetsim.ClusterFleet;
import dev.quiesce.report.FleetReport;
import dev.quiesce.fleetsim.FleetSimulation;
import dev.quiesce.report.FleetTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code quiesce fleet}: rolls a payload stack out over a fleet of modelled hosts and emulated canaries, wave by
 * wave, and prints the waves, the outcome and the fleet trace hash.
 */
@Command(name = "fleet", mixinStandardHelpOptions = true,
        description = {"Roll a payload stack out over a fleet (modelled hosts, a few emulated canaries) in waves;",
                "print per wave the hosts attempted, patched and failed by cause, the virtual time to patch the",
                "whole fleet, hosts left unpatched and the fleet trace hash."})
final class FleetCommand implements Callable<Integer> {

    @Parameters(paramLabel = "SCENARIO", description = "A fleet scenario file or a built-in name: fleet-10k,"
            + " fleet-canary-halt (scenarios/).")
    String scenario;

    @Option(names = "--set", description = "Override a key of the fleet scenario (keys: fleet's reference.conf,"
            + " quiesce.fleet), e.g. --set hosts=200 --set rollout.canary-size=5 --set threads=1; repeatable.")
    List<String> sets = new ArrayList<>();

    @Option(names = "--report", description = "Write a self-contained fleet.html (waves timeline, failure rate by CPU"
            + " count) into this directory.")
    Path report;

    @Option(names = "--nodes", description = "Run the hosts on a local Pekko cluster of this many node processes"
            + " (1..32) on 127.0.0.1, stopped afterwards; the fleet trace hash is the same as without.")
    Integer nodes;

    @Option(names = "--join", split = ",", paramLabel = "HOST:PORT", description = "Run on an existing cluster"
            + " (nodes started with `quiesce node`): join it through these seed nodes as a client.")
    List<String> join = new ArrayList<>();

    @Option(names = "--host", description = "With --join: the address the other nodes reach this one at"
            + " (default 127.0.0.1).")
    String host = "127.0.0.1";

    @Option(names = "--journal", paramLabel = "URL", description = "The rollout journal: `embedded` (default with"
            + " --nodes: an H2 database served from this process) or jdbc:postgresql://HOST:5432/DB (password from"
            + " $QUIESCE_JOURNAL_PASSWORD, default quiesce).")
    String journal;

    @Option(names = "--journal-user", description = "The journal database's user (default quiesce).")
    String journalUser;

    @Option(names = "--rollout-id", description = "The rollout's id in the journal (default: the scenario's name and"
            + " a random suffix); give an earlier run's id to re-attach to it.")
    String rolloutId;

    @Option(names = "--timeout", description = "How long to wait for a cluster rollout to end, e.g. 30m, 90s"
            + " (default 30m).")
    String timeout = "30m";

    @picocli.CommandLine.Mixin
    ForceOption outputs;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        FleetScenario s = FleetScenarioLoader.load(scenario, sets);
        outputs.claimDirectory("--report", report, "fleet.html");
        PrintWriter out = spec.commandLine().getOut();
        if (nodes != null && !join.isEmpty()) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--nodes starts a local cluster,"
                    + " --join uses an existing one: give one of them");
        }
        if (nodes == null && join.isEmpty() && (journal != null || journalUser != null || rolloutId != null)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--journal, --journal-user and"
                    + " --rollout-id are for a cluster rollout: add --nodes N or --join HOST:PORT");
        }
        java.time.Duration wait;
        try {
            // wall time, HOCON's duration syntax (30m, 90s, 2h), as the journal and cluster settings
            wait = com.typesafe.config.ConfigFactory.parseMap(java.util.Map.of("t", timeout)).getDuration("t");
            if (wait.isNegative() || wait.isZero()) {
                throw new IllegalArgumentException("must be positive");
            }
        } catch (IllegalArgumentException | com.typesafe.config.ConfigException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--timeout '" + timeout + "': "
                    + e.getMessage() + " (a positive duration such as 30m or 90s)");
        }
        FleetSimulation sim;
        if (nodes == null && join.isEmpty()) {
            sim = FleetSimulation.run(s);
        } else {
            JournalSettings j = JournalSettings.resolve(com.typesafe.config.ConfigFactory.load(), journal, journalUser);
            String id = rolloutId == null ? RolloutIds.fresh(s.name()) : rolloutId;
            sim = nodes != null ? ClusterFleet.runLocal(s, nodes, Main.class.getName(), j, id, wait, out)
                    : ClusterFleet.runJoined(s, host, join, j, id, wait, out);
        }
        FleetTable.print(sim, out);
        if (report != null) {
            out.println("report: " + FleetReport.write(sim, report));
            out.flush();
        }
        return sim.result().violated() ? Main.EXIT_FINDING : 0;
    }
}
