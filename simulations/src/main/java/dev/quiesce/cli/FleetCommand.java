package dev.quiesce.cli;

import dev.quiesce.fleet.scenario.FleetScenario;
import dev.quiesce.fleet.scenario.FleetScenarioLoader;
import dev.quiesce.fleetsim.ClusterFleet;
import dev.quiesce.fleetsim.FleetReport;
import dev.quiesce.fleetsim.FleetSimulation;
import dev.quiesce.fleetsim.FleetTable;
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

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        FleetScenario s = FleetScenarioLoader.load(scenario, sets);
        FleetSimulation sim = nodes == null ? FleetSimulation.run(s)
                : ClusterFleet.run(s, nodes, Main.class.getName(), java.time.Duration.ofSeconds(60));
        PrintWriter out = spec.commandLine().getOut();
        FleetTable.print(sim, out);
        if (report != null) {
            out.println("report: " + FleetReport.write(sim, report));
            out.flush();
        }
        return sim.result().violated() ? Main.EXIT_FINDING : 0;
    }
}
