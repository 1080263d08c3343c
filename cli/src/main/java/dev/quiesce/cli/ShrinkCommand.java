package dev.quiesce.cli;

import dev.quiesce.hunt.OracleTarget;
import dev.quiesce.hunt.ReplayFile;
import dev.quiesce.hunt.ShrinkResult;
import dev.quiesce.hunt.Shrinker;
import dev.quiesce.scenario.Scenario;
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
import java.util.concurrent.Callable;

/**
 * {@code quiesce shrink SCENARIO --seed X [--set …] --oracle NAME} or {@code quiesce shrink FILE}: reduces a
 * violating run while the same oracle still fails (see {@link Shrinker}); prints each accepted reduction, the
 * minimal scenario as its sets, and its replay line (exit 3).
 */
@Command(name = "shrink", mixinStandardHelpOptions = true,
        description = {"Reduce a violating run (fewer CPUs, fewer injections, quieter interrupts, a shorter duration)"
                + " while the same oracle still fails. SCENARIO with --oracle, or a replay FILE of hunt/shrink --save."})
final class ShrinkCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "SCENARIO|FILE", description = "A scenario (with --oracle) or a replay file.")
    String target;

    @Option(names = "--oracle", description = "The oracle that must keep failing (a replay file names its own).")
    String oracle;

    @Option(names = "--seed", description = "Run seed, decimal or 0x-hex (default: the scenario's or the file's).")
    String seed;

    @Option(names = "--set", description = "A scenario override key=value, as for `run`; repeatable.")
    List<String> sets = new ArrayList<>();

    @Option(names = "--max-runs", defaultValue = "200", description = "Executions at most (default: ${DEFAULT-VALUE}).")
    int maxRuns;

    @Option(names = "--save", description = "Write the minimal run as a replay file (for `quiesce replay FILE`).")
    Path save;

    @picocli.CommandLine.Mixin
    ForceOption outputs;

    @picocli.CommandLine.Mixin
    PluginsOption plugins;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        plugins.addTo(sets);
        String source = target;
        List<String> start = new ArrayList<>();
        OracleTarget o;
        try {
            if (oracle == null) {
                ReplayFile f = ReplayFile.read(Path.of(target));
                if (f.oracle() == null) {
                    throw new IllegalArgumentException(target + " records no violation; nothing to shrink");
                }
                source = f.source();
                start.addAll(f.sets());
                start.add("seed=\"" + Seed.format(f.seed()) + "\"");
                o = OracleTarget.of(f.oracle());
            } else {
                o = OracleTarget.of(oracle);
            }
            start.addAll(sets);
            if (seed != null) {
                start.add("seed=\"" + Seeds.format(Seeds.parse(seed)) + "\"");
            }
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage()
                    + (oracle == null ? " (give SCENARIO --oracle NAME, or a replay file)" : ""), e);
        }
        outputs.claimFile("--save", save, oracle == null ? Path.of(target) : null);
        PrintWriter out = spec.commandLine().getOut();
        out.println("shrink " + source + " while " + o.name() + " fails (at most " + maxRuns + " runs)");
        out.flush();
        ShrinkResult r = Shrinker.run(source, start, o, maxRuns, (what, v) -> {
            out.println("accepted: " + what + "; still " + v);
            out.flush();
        });
        Scenario s = r.result().scenario();
        out.printf("shrunk in %d runs, %d reductions: %d CPUs, %d injections%n", r.runs(), r.reductions().size(),
                s.host().cpus(), s.host().interrupts().injections().size());
        out.println("minimal scenario: " + s.source());
        s.sets().forEach(set -> out.println("  --set '" + set + "'"));
        out.println("violation: " + r.violation());
        out.println("trace-hash=" + r.result().report().traceHash());
        if (save != null) {
            ReplayFile.of(r.result()).write(save);
            out.println("saved: " + save + " (quiesce replay " + save + ")");
        }
        out.println("replay: " + s.replayLine());
        out.flush();
        PrintWriter err = spec.commandLine().getErr();
        err.println("violation: " + r.violation());
        err.println("replay: " + s.replayLine());
        err.flush();
        return Main.EXIT_FINDING;
    }
}
