package dev.quiesce.cli;

import dev.quiesce.hunt.Hunt;
import dev.quiesce.hunt.HuntResult;
import dev.quiesce.hunt.HuntSettings;
import dev.quiesce.hunt.OracleTarget;
import dev.quiesce.hunt.ProtocolTimes;
import dev.quiesce.hunt.ReplayFile;
import dev.quiesce.hunt.Strategy;
import dev.quiesce.scenario.ScenarioLoader;
import dev.quiesce.seed.Seed;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code quiesce hunt SCENARIO --oracle NAME}: searches for a run of the scenario violating the oracle (see
 * {@link Hunt}); prints progress, then the violation, the executions it took and the replay line (exit 3), or
 * "no violation in N executions" (exit 0).
 */
@Command(name = "hunt", mixinStandardHelpOptions = true,
        description = {"Search for a run of SCENARIO violating an oracle: vary the seed (random), add interrupts at"
                + " random instants of the action window (pct), or aim NMIs and IRQs just before the protocol's"
                + " stores, deadline and IRQs-off (targeted). Deterministic for a given --hunt-seed."})
final class HuntCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "SCENARIO", description = "A scenario file or built-in name (see `run`).")
    String scenario;

    @Option(names = "--oracle", required = true, description = "The oracle to violate, e.g. NoTornFetch.")
    String oracle;

    @Option(names = "--budget", defaultValue = "10000", description = "Executions at most (default: ${DEFAULT-VALUE}).")
    int budget;

    @Option(names = "--strategy", defaultValue = "targeted", description = "random, pct or targeted (default: ${DEFAULT-VALUE}).")
    String strategy;

    @Option(names = "--set", description = "A scenario override key=value, as for `run`; repeatable.")
    List<String> sets = new ArrayList<>();

    @Option(names = "--threads", defaultValue = "1", description = "Candidates run at once (default: ${DEFAULT-VALUE}),"
            + " sharing these threads (with more than one, each candidate runs its CPUs on one); the answer does not"
            + " depend on it.")
    int threads;

    @Option(names = "--hunt-seed", defaultValue = "1", description = "Seed of the hunt's own choices (default: ${DEFAULT-VALUE}).")
    String huntSeed;

    @Option(names = "--depth", defaultValue = "3", description = "Interrupts per pct candidate, 1..64 (default: ${DEFAULT-VALUE}).")
    int depth;

    @Option(names = "--no-fork", description = "Run every candidate from the start instead of forking it from a"
            + " snapshot of the shared prefix (the baseline; the answer is the same).")
    boolean noFork;

    @Option(names = "--save", description = "Write the finding as a replay file (for `quiesce replay FILE`).")
    Path save;

    @picocli.CommandLine.Mixin
    ForceOption outputs;

    @picocli.CommandLine.Mixin
    PluginsOption plugins;

    @Spec
    CommandSpec spec;

    private long huntSeed() {
        try {
            return Seed.parseValue(huntSeed);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--hunt-seed " + e.getMessage(), e);
        }
    }

    @Override
    public Integer call() throws IOException {
        plugins.addTo(sets);
        HuntSettings settings;
        try {
            settings = new HuntSettings(scenario, sets, OracleTarget.of(oracle), budget, Strategy.parse(strategy),
                    threads, huntSeed(), depth, !noFork);
            settings.oracle().requireCheckedBy(ScenarioLoader.load(scenario, sets));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        outputs.claimFile("--save", save, ForceOption.inputFile(scenario));
        PrintWriter out = spec.commandLine().getOut();
        out.printf("hunt %s for %s: strategy %s, budget %d, hunt seed %s, %d thread%s%s%n", scenario,
                settings.oracle().name(), settings.strategy().cliName(), budget, Seeds.format(settings.huntSeed()),
                threads, threads == 1 ? "" : "s", noFork ? ", no forking" : "");
        out.flush();
        int every = Math.max(1, budget / 10);
        HuntResult r = Hunt.run(settings, new Hunt.Listener() {
            private int printed;

            @Override
            public void probed(ProtocolTimes times) {
                out.println("probe (execution 1, the scenario as given): " + times.describe());
                out.flush();
            }

            @Override
            public void note(String line) {
                out.println(line);
                out.flush();
            }

            @Override
            public void progress(int executions, int total, double perSecond) {
                if (executions / every > printed / every || executions == total) {
                    printed = executions;
                    out.printf(Locale.ROOT, "hunt: %d/%d executions, %.1f executions/s%n", executions, total, perSecond);
                    out.flush();
                }
            }
        });
        if (!r.found()) {
            out.printf(Locale.ROOT, "no violation in %d executions (%.1f executions/s)%n", r.executions(),
                    r.executionsPerSecond());
            return 0;
        }
        String replay = r.scenario().replayLine();
        out.println("violation: " + r.violation());
        out.printf(Locale.ROOT, "found after %d executions (%.1f executions/s): candidate %d, %s%n", r.executions(),
                r.executionsPerSecond(), r.candidate().index(), r.candidate().note());
        out.println("trace-hash=" + r.result().report().traceHash());
        if (save != null) {
            ReplayFile.of(r.result()).write(save);
            out.println("saved: " + save + " (quiesce replay " + save + ")");
        }
        out.println("replay: " + replay);
        out.flush();
        PrintWriter err = spec.commandLine().getErr();
        err.println("violation: " + r.violation());
        err.println("replay: " + replay);
        err.flush();
        return Main.EXIT_FINDING;
    }
}
