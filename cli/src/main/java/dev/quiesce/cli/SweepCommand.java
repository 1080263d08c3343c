package dev.quiesce.cli;

import dev.quiesce.emulator.unicorn.UnicornEngines;
import dev.quiesce.scenario.Scenario;
import dev.quiesce.seed.Seed;
import dev.quiesce.sweep.Progress;
import dev.quiesce.sweep.RunSummary;
import dev.quiesce.report.SweepJson;
import dev.quiesce.sweep.SweepPlan;
import dev.quiesce.sweep.SweepResult;
import dev.quiesce.sweep.SweepRunner;
import dev.quiesce.report.SweepTable;
import dev.quiesce.sweep.Vary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code quiesce sweep SCENARIO --vary key=v1,v2 ... --seeds N}: runs the cross product of the varied values over
 * N seeds, prints the results table (with the Pareto front of success vs. p99 IRQs-off pause) and writes it as
 * results.csv and results.json. Exits 3 if any run violated an oracle, after writing everything.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = {"Run a scenario at every point of the cross product of --vary values, over --seeds seeds each;"
                + " print the results table and write results.csv and results.json.",
                "Run j (0-based) of every point uses the point's scenario seed + j, so results do not depend on"
                        + " --threads."})
final class SweepCommand implements java.util.concurrent.Callable<Integer> {

    @Parameters(index = "0", paramLabel = "SCENARIO", description = "A scenario file or a built-in name"
            + " (xen-default, straggler, irq-storm, ...).")
    String scenario;

    @Option(names = "--vary", paramLabel = "KEY=V1,V2,...", description = "A scenario key and its values, e.g."
            + " barrier.timeout=1ms,5ms,30ms or retry=none,fixed(5,1ms),exponential (commas inside parentheses or"
            + " brackets do not split); repeatable, the points are the cross product.")
    List<String> varies = new ArrayList<>();

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "An override applied to every point, e.g."
            + " host.cpus=4; repeatable.")
    List<String> sets = new ArrayList<>();

    @Option(names = "--seeds", defaultValue = "10", description = "Runs per point (default: ${DEFAULT-VALUE}).")
    int seeds;

    @Option(names = "--threads", defaultValue = "2", description = "Scenario runs in parallel (default:"
            + " ${DEFAULT-VALUE}); the runs side by side share these threads (one each when they take them all),"
            + " else a run uses the scenario's own dispatcher threads. Results do not depend on it.")
    int threads;

    @Option(names = "--no-fork", description = "Run every (point, seed) from boot instead of forking the points of a"
            + " seed at the hypercall (the baseline; the results are the same).")
    boolean noFork;

    @Option(names = "--out", paramLabel = "DIR", description = "Directory for results.csv and results.json"
            + " (default: sweep-<scenario>).")
    Path out;

    @Option(names = "--report", paramLabel = "DIR", description = "Also write a self-contained report.html with the"
            + " success-vs-p99-pause chart (Pareto front marked) and the table.")
    Path report;

    @picocli.CommandLine.Mixin
    ForceOption outputs;

    @picocli.CommandLine.Mixin
    PluginsOption plugins;

    @picocli.CommandLine.Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        plugins.addTo(sets);
        SweepPlan plan;
        List<Scenario> bases;
        try {
            plan = new SweepPlan(scenario, sets, parseVaries(), seeds);
            if (threads < 1) {
                throw new IllegalArgumentException("--threads must be at least 1, not " + threads);
            }
            bases = plan.validate();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        Scenario first = bases.getFirst();
        Path dir = out != null ? out : Path.of("sweep-" + first.name().replaceAll("[^A-Za-z0-9._-]", "-"));
        outputs.claimDirectory("--out", dir, "results.csv", "results.json");
        outputs.claimDirectory("--report", report, "report.html");
        UnicornEngines.librarySource();
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int points = bases.size();
        o.printf(Locale.ROOT, "sweep %s: %d point%s x %d seed%s = %d runs (run j of a point: its seed + j; seed 0 ="
                + " %s), %d in parallel%n", first.name(), points, points == 1 ? "" : "s", seeds,
                seeds == 1 ? "" : "s", points * seeds, Seed.format(first.seed()), threads);
        o.flush();
        java.io.Console console = System.console();
        Progress progress = new Progress(plan.points(), seeds, err, console != null && console.isTerminal(),
                dev.quiesce.sim.WallClock::nanos);
        org.slf4j.LoggerFactory.getILoggerFactory(); // initialised once here, not by the first parallel runs at once
        long start = dev.quiesce.sim.WallClock.nanos();
        SweepResult r = SweepRunner.run(plan, bases, threads, progress::runDone, !noFork, line -> {
            err.println(line);
            err.flush();
        });
        double wallS = (dev.quiesce.sim.WallClock.nanos() - start) / 1e9;
        dev.quiesce.io.OutputFiles.writeString(dir.resolve("results.csv"), SweepTable.csv(plan, r.rows()));
        dev.quiesce.io.OutputFiles.writeString(dir.resolve("results.json"), SweepJson.of(first.name(), plan, r.rows()));
        o.print(SweepTable.text(plan, r.rows()));
        o.println("pareto: * = no other point has higher-or-equal overall success and lower-or-equal p99 pause");
        o.println("wrote " + dir.resolve("results.csv") + " and " + dir.resolve("results.json"));
        if (report != null) {
            List<dev.quiesce.report.SweepReport.Row> rows = new ArrayList<>();
            for (var p : r.rows()) {
                rows.add(new dev.quiesce.report.SweepReport.Row(String.join(" ", p.labels()),
                        Double.isNaN(p.firstRate()) ? 0 : p.firstRate(),
                        Double.isNaN(p.overallRate()) ? 0 : p.overallRate(), Math.max(0, p.pauseP99()), p.pareto()));
            }
            o.println("report: " + dev.quiesce.report.SweepReport.write(report, "sweep " + first.name(), rows));
        }
        o.printf(Locale.ROOT, "throughput: %d simulated applies (scenario runs) in %.1f s wall = %.2f applies/s%n",
                r.runs(), wallS, r.runs() / Math.max(wallS, 1e-9));
        o.flush();
        if (r.violatingRuns() == 0) {
            return 0;
        }
        err.println("violations: " + r.violatingRuns() + " of " + r.runs() + " runs violated an oracle; the first:");
        for (RunSummary v : r.firstViolating()) {
            err.println("violation: " + v.violation());
            err.println("replay: " + v.replay());
        }
        err.flush();
        return Main.EXIT_FINDING;
    }

    private List<Vary> parseVaries() {
        List<Vary> out = new ArrayList<>();
        for (String v : varies) {
            Vary parsed = Vary.parse(v);
            if (out.stream().anyMatch(x -> x.key().equals(parsed.key()))) {
                throw new IllegalArgumentException("--vary " + parsed.key() + " is given twice; list all its values"
                        + " in one --vary " + parsed.key() + "=v1,v2,...");
            }
            out.add(parsed);
        }
        return out;
    }
}
