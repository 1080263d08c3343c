package dev.quiesce.cli;

import dev.quiesce.report.ApplyReport;
import dev.quiesce.report.ReportJson;
import dev.quiesce.report.ReportTable;
import dev.quiesce.coordinator.ApplyOutcome;
import dev.quiesce.coordinator.oracle.Violation;
import dev.quiesce.emulator.unicorn.UnicornEngine;
import dev.quiesce.scenario.Scenario;
import dev.quiesce.scenario.ScenarioLoader;
import dev.quiesce.scenario.ScenarioResult;
import dev.quiesce.scenario.ScenarioRunner;

import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * The one path of {@code quiesce run [SCENARIO]}: loads the scenario (xen-default when none is named), turns the
 * explicit options into {@code --set} overrides of scenario keys (so the replay line carries them; {@code --apply}
 * replaces the scenario's payloads and actions with one apply at {@code --at}), runs it and prints the per-CPU table,
 * every attempt's outcome, the violations, the trace hash and the replay line. A violation exits with status 3.
 */
final class ScenarioRun {

    private ScenarioRun() {
    }

    static int run(RunCommand c, CommandSpec spec) throws IOException {
        Scenario s;
        try {
            s = ScenarioLoader.load(c.scenario == null ? ScenarioLoader.DEFAULT : c.scenario, sets(c, spec));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        Path input = ForceOption.inputFile(c.scenario);
        c.outputs.claimFile("--json", c.json, input);
        c.outputs.claimFile("--record", c.record, input);
        c.outputs.claimFile("--perfetto", c.perfetto, input);
        c.outputs.claimDirectory("--report", c.report, "report.html");
        dev.quiesce.isa.Arch arch = s.host().guest().arch();
        String emulator = EmulatorLine.describe(arch);
        PrintWriter out = spec.commandLine().getOut();
        out.println("seed=" + Seeds.format(s.seed()));
        out.println("scenario " + s.name() + ": " + s.host().cpus() + (arch == dev.quiesce.isa.Arch.X86_64 ? ""
                : " " + arch.label()) + " CPUs, protocol " + s.protocol() + ", retry "
                + s.retry().describe() + ", nmi-policy " + s.nmi().cliName() + ", up to " + dev.quiesce.time.SimTime.format(s.durationNs()));
        out.println(emulator);
        out.flush();
        boolean record = c.record != null || c.report != null || c.perfetto != null;
        ScenarioResult r = ScenarioRunner.run(s, record);
        ReportTable.print(r.report(), out);
        for (ApplyOutcome o : r.outcomes()) {
            ApplyReport.print(s.protocol(), o, out);
        }
        if (r.outcomes().isEmpty() && !s.actions().isEmpty()) {
            out.println("no action finished by the end of the run");
        }
        if (c.json != null) {
            String apply = r.outcomes().isEmpty() ? null
                    : ApplyReport.json(s.protocol(), r.outcomes().getLast(), r.outcomes().size());
            dev.quiesce.io.OutputFiles.writeString(c.json, ReportJson.toJson(r.report(), apply));
        }
        Outputs.write(r, c.record, c.report, c.perfetto, out);
        out.println("trace-hash=" + r.report().traceHash());
        out.println("replay: " + s.replayLine());
        out.flush();
        boolean faulted = r.report().cpus().stream().anyMatch(x -> x.faults() > 0);
        if (r.violated() || faulted) {
            PrintWriter err = spec.commandLine().getErr();
            for (Violation v : r.violations()) {
                err.println("violation: " + v);
            }
            r.report().cpus().stream().filter(x -> x.faults() > 0)
                    .forEach(x -> err.println("cpu " + x.cpu() + " faulted: " + x.fault()));
            err.println("replay: " + s.replayLine());
            err.flush();
            return Main.EXIT_FINDING;
        }
        return 0;
    }

    /** The user's --set entries, then the explicit options as the scenario keys they override. */
    private static List<String> sets(RunCommand c, CommandSpec spec) {
        ParseResult pr = spec.commandLine().getParseResult();
        List<String> out = new ArrayList<>(c.sets);
        c.plugins.addTo(out);
        if (c.seed != null) {
            out.add("seed=\"" + Seeds.format(Seeds.parse(c.seed)) + "\"");
        }
        if (c.cpus != null) {
            out.add("host.cpus=" + c.cpus);
        }
        if (c.duration != null) {
            out.add("duration=" + dev.quiesce.time.SimTime.format(dev.quiesce.time.SimTime.parseDuration(c.duration)));
        }
        if (pr != null && pr.hasMatchedOption("--threads")) {
            out.add("threads=" + c.threads);
        }
        if (c.timeout != null) {
            out.add("barrier.timeout=" + dev.quiesce.time.SimTime.format(dev.quiesce.time.SimTime.parseDuration(c.timeout)));
        }
        if (pr != null && pr.hasMatchedOption("--retry")) {
            out.add("retry=\"" + c.retry + "\"");
        }
        if (pr != null && pr.hasMatchedOption("--nmi-policy")) {
            out.add("nmi-policy=" + c.nmiPolicy);
        }
        if (c.granularity != null) {
            out.add("store.granularity=" + c.granularity);
        }
        if (c.storeSpacing != null) {
            out.add("store.spacing=" + c.storeSpacing);
        }
        if (pr != null && pr.hasMatchedOption("--oracles")) {
            out.add("oracles=" + (c.oracles.equalsIgnoreCase("none") ? "[]" : "[" + c.oracles + "]"));
        }
        if (pr != null && pr.hasMatchedOption("--xmc")) {
            out.add("xmc=" + c.xmc);
        }
        if (c.protocol != null) {
            out.add("protocol=" + c.protocol);
        }
        if (c.apply != null) {
            String at = dev.quiesce.time.SimTime.format(dev.quiesce.time.SimTime.parseDuration(c.at));
            out.add("payloads=[" + c.apply + "]");
            out.add("actions=[{at=" + at + ", action=apply, payload=" + c.apply + "}]");
        } else if (pr != null && pr.hasMatchedOption("--at")) {
            throw new ParameterException(spec.commandLine(), "--at is the time of --apply's hypercall; name the payload"
                    + " with --apply, or change the scenario's actions with --set 'actions=[…]'");
        }
        return out;
    }
}
