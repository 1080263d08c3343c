package dev.quiesce.cli;

import dev.quiesce.calibrate.Calibration;
import dev.quiesce.calibrate.CalibrationPlan;
import dev.quiesce.calibrate.Calibrator;
import dev.quiesce.emulator.unicorn.UnicornEngines;
import dev.quiesce.fleet.model.CpuModel;
import dev.quiesce.fleet.model.Empirical;
import dev.quiesce.fleet.model.FleetModel;
import dev.quiesce.fleet.model.ModelCodec;
import dev.quiesce.scenario.Scenario;
import dev.quiesce.seed.Seed;
import dev.quiesce.text.Untrusted;
import dev.quiesce.time.SimTime;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code quiesce calibrate SCENARIO -o model.json}: runs the scenario's emulated host over many seeds (workload
 * only) and writes the fitted workload class — empirical distributions of the time between quiescence points and of
 * IRQ/NMI handler durations, arrival rates, a straggler's cost per iteration — to a model file for modelled hosts.
 */
@Command(name = "calibrate", mixinStandardHelpOptions = true,
        description = {"Fit a workload class for modelled CPUs from a scenario's emulated host, over --seeds runs of"
                + " --duration each, and write it to a model file (JSON).",
                "The class (default: the scenario's name) holds the distribution of time between quiescence points,"
                        + " IRQ and NMI handler durations (at most --max-samples sorted samples each), IRQ and NMI"
                        + " rates per ms and ns per straggler iteration. The scenario's actions, stragglers and"
                        + " injected interrupts are dropped: they are events, not the workload.",
                "Run j (0-based) uses the scenario's seed + j; the model does not depend on --threads."})
final class CalibrateCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "SCENARIO", description = "A scenario file or a built-in name"
            + " (xen-default, straggler, irq-storm, ...).")
    String scenario;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "The model file to write.")
    Path output;

    @picocli.CommandLine.Mixin
    ForceOption outputs;

    @Option(names = "--seeds", defaultValue = "20", description = "Emulated runs (default: ${DEFAULT-VALUE}).")
    int seeds;

    @Option(names = "--duration", defaultValue = "1ms", description = "Virtual time of each run (default:"
            + " ${DEFAULT-VALUE}); the scenario's own duration is not used.")
    String duration;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "A scenario override, e.g. host.cpus=4;"
            + " repeatable.")
    List<String> sets = new ArrayList<>();

    @Option(names = "--class", paramLabel = "NAME", description = "The workload class's name (default: the"
            + " scenario's name).")
    String className;

    @Option(names = "--append", description = "Add the class to FILE's classes (replacing one of the same name)"
            + " instead of writing a new file; a missing FILE is created.")
    boolean append;

    @Option(names = "--max-samples", defaultValue = "" + CalibrationPlan.MAX_SAMPLES, description = "Samples kept"
            + " per distribution, as evenly spaced quantiles (default: ${DEFAULT-VALUE}).")
    int maxSamples;

    @Option(names = "--threads", defaultValue = "2", description = "Runs in parallel (default: ${DEFAULT-VALUE}).")
    int threads;

    @picocli.CommandLine.Mixin
    PluginsOption plugins;

    @picocli.CommandLine.Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        plugins.addTo(sets);
        CalibrationPlan plan;
        Scenario base;
        try {
            plan = new CalibrationPlan(scenario, sets, seeds, SimTime.parseDuration(duration), className, maxSamples);
            if (threads < 1) {
                throw new IllegalArgumentException("--threads must be at least 1, not " + threads);
            }
            base = plan.base();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        if (!(append && Files.exists(output))) { // --append asks for the file to be extended
            outputs.claimFile("-o", output, ForceOption.inputFile(scenario));
        }
        FleetModel existing = append && Files.exists(output) ? existing(output) : FleetModel.empty();
        UnicornEngines.librarySource();
        PrintWriter o = spec.commandLine().getOut();
        o.printf(Locale.ROOT, "calibrate %s: %d seed%s x %s on %d CPUs (run j: seed %s + j; actions, stragglers"
                + " and injected interrupts dropped), %d in parallel%n", Untrusted.show(plan.className(base)), seeds,
                seeds == 1 ? "" : "s", SimTime.format(plan.durationNs()), base.host().cpus(),
                Seed.format(base.seed()), threads);
        o.flush();
        org.slf4j.LoggerFactory.getILoggerFactory(); // initialised once here, not by the first parallel runs at once
        long start = dev.quiesce.sim.WallClock.nanos();
        Calibration c = Calibrator.run(plan, threads, j -> { });
        double wallS = (dev.quiesce.sim.WallClock.nanos() - start) / 1e9;
        FleetModel model = existing.with(c.model(), c.commandLine());
        ModelCodec.write(model, output);
        print(c, o);
        o.printf(Locale.ROOT, "wrote %s: classes %s (%.1f s wall)%n", Untrusted.show(output.toString(), 1000),
                Untrusted.show(model.names().toString(), 1000), wallS);
        o.flush();
        return 0;
    }

    /** The model file {@code --append} extends, read before any run; a file it refuses is never rewritten. */
    private static FleetModel existing(Path output) throws IOException {
        try {
            return ModelCodec.read(output);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + " (--append leaves the file as it is)", e);
        }
    }

    private static void print(Calibration c, PrintWriter o) {
        CpuModel m = c.model();
        o.printf(Locale.ROOT, "observed %s of CPU time in %d runs%n", SimTime.format(c.cpuTimeNs()), c.runs());
        o.println(line("quiescence gap", m.quiescenceGapNs(), c.gaps()));
        o.println(line(String.format(Locale.ROOT, "irq %.3f/ms, handler", m.irqRatePerMs()), m.irqDurationNs(),
                c.irqs()));
        o.println(line(String.format(Locale.ROOT, "nmi %.3f/ms, handler", m.nmiRatePerMs()), m.nmiDurationNs(),
                c.nmis()));
        o.printf(Locale.ROOT, "straggler work: %.4f ns per iteration%n", m.stallNsPerIteration());
    }

    private static String line(String what, Empirical e, long observed) {
        if (observed == 0) {
            return what + ": none observed";
        }
        return String.format(Locale.ROOT, "%s: mean %s p50 %s p99 %s max %s (%d observed, %d kept)", what,
                us(e.mean()), us(e.quantile(0.5)), us(e.quantile(0.99)), us(e.quantile(1)), observed, e.size());
    }

    private static String us(double ns) {
        return String.format(Locale.ROOT, "%.3fus", ns / 1000);
    }
}
