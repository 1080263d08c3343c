package dev.quiesce.cli;

import dev.quiesce.cpu.actor.HostRunner;
import dev.quiesce.cpu.host.CpuSummary;
import dev.quiesce.cpu.host.HostReport;
import dev.quiesce.cpu.host.HostSettings;
import dev.quiesce.cpu.time.SimTime;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code quiesce run}: runs one host of emulated CPUs on the built-in default scenario and prints
 * the seed, a per-CPU table and the trace hash.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run one host of emulated CPUs (default: 8 CPUs, 50ms of virtual time, timer/device IRQs and NMIs).")
final class RunCommand implements Callable<Integer> {

    @Option(names = "--seed", description = "Run seed, decimal or 0x-hex (default: ${DEFAULT-VALUE}).", defaultValue = "0x5eed")
    String seed;

    @Option(names = "--cpus", description = "Emulated CPUs, 1..256 (default: from reference.conf, 8).")
    Integer cpus;

    @Option(names = "--duration", description = "Virtual time to simulate, e.g. 50ms, 200us (default: ${DEFAULT-VALUE}).", defaultValue = "50ms")
    String duration;

    @Option(names = "--threads", description = "Dispatcher threads for the CPU actors (default: ${DEFAULT-VALUE}); the trace hash does not depend on it.", defaultValue = "2")
    int threads;

    @Option(names = "--json", description = "Also write the results as JSON to this file.")
    Path json;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        long s = Seeds.parse(seed);
        PrintWriter out = spec.commandLine().getOut();
        out.println("seed=" + Seeds.format(s));
        out.flush();
        long durationNs = SimTime.parseDuration(duration);
        HostSettings settings = HostSettings.defaults();
        if (cpus != null) {
            settings = settings.withCpus(cpus);
        }
        HostReport report = HostRunner.run(settings, s, durationNs, threads);
        ReportTable.print(report, out);
        if (json != null) {
            Files.writeString(json, ReportJson.toJson(report));
        }
        out.println("trace-hash=" + report.traceHash());
        out.flush();
        if (report.cpus().stream().anyMatch(c -> c.faults() > 0)) {
            PrintWriter err = spec.commandLine().getErr();
            report.cpus().stream().filter(c -> c.faults() > 0)
                    .forEach(c -> err.println("cpu " + c.cpu() + " faulted: " + c.fault()));
            err.println("replay: ./quiesce run --seed " + Seeds.format(s) + " --cpus " + settings.cpus()
                    + " --duration " + SimTime.format(durationNs));
            err.flush();
            return Main.EXIT_FINDING;
        }
        return 0;
    }

    static String gapMicros(CpuSummary c) {
        return String.format(java.util.Locale.ROOT, "%.3f", SimTime.toMicros(c.longestGapNs()));
    }
}
