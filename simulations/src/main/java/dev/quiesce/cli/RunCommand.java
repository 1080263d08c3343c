package dev.quiesce.cli;

import dev.quiesce.coordinator.ApplyOutcome;
import dev.quiesce.coordinator.protocol.NmiPolicy;
import dev.quiesce.coordinator.protocol.Protocols;
import dev.quiesce.coordinator.retry.RetryPolicy;
import dev.quiesce.coordinator.protocol.XenRendezvous;
import dev.quiesce.cpu.actor.HostRunner;
import dev.quiesce.cpu.host.CpuSummary;
import dev.quiesce.cpu.host.HostReport;
import dev.quiesce.cpu.host.HostSettings;
import dev.quiesce.time.SimTime;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code quiesce run}: runs one host of emulated CPUs on the built-in default scenario and prints
 * the seed, a per-CPU table and the trace hash.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run a scenario (default: xen-default) on one host of emulated CPUs.",
                "With --apply or --protocol instead of a scenario: one host from the options alone."})
final class RunCommand implements Callable<Integer> {

    @picocli.CommandLine.Parameters(arity = "0..1", paramLabel = "SCENARIO", description = "A scenario file or a"
            + " built-in name: xen-default (the default), straggler, irq-storm, nmi-in-patched-function,"
            + " mixed-versions-unsafe, large-host-128, compare-protocols (scenarios/).")
    String scenario;

    @Option(names = "--record", description = "Write the run's event trace to this file (length-delimited protobuf).")
    Path record;

    @Option(names = "--report", description = "Write a self-contained report.html (timeline, histograms) into this directory.")
    Path report;

    @Option(names = "--perfetto", description = "Export the trace as Chrome/Perfetto trace-event JSON (one track per CPU).")
    Path perfetto;

    @Option(names = "--seed", description = "Run seed, decimal or 0x-hex (default: the scenario's; 0x5eed).")
    String seed;

    @Option(names = "--cpus", description = "Emulated CPUs, 1..256 (default: from reference.conf, 8).")
    Integer cpus;

    @Option(names = "--duration", description = "Virtual time to simulate, e.g. 50ms, 200us (default: the scenario's;"
            + " 50ms with --apply).")
    String duration;

    @Option(names = "--threads", description = "Dispatcher threads for the CPU actors (default: ${DEFAULT-VALUE}); the trace hash does not depend on it.", defaultValue = "2")
    int threads;

    @Option(names = "--json", description = "Also write the results as JSON to this file.")
    Path json;

    @Option(names = "--protocol", description = "Rendezvous protocol for --apply: ${COMPLETION-CANDIDATES} (default: xen.rendezvous).",
            completionCandidates = ProtocolNames.class)
    String protocol;

    @Option(names = "--apply", description = "Apply this sample payload (see `payload samples`, e.g. xen_hello_world) during the run.")
    String apply;

    @Option(names = "--timeout", description = "Rendezvous timeout of the apply (default: Xen's 30ms).")
    String timeout;

    @Option(names = "--retry", description = "Caller's retry after -EBUSY (a timed-out rendezvous): none (Xen, the default);"
            + " fixed(attempts,delay), e.g. fixed(5,2s); kpatch = fixed = fixed(5,2s) (kpatch load); ksplice = fixed(5,1s);"
            + " exponential(base,factor,max,jitter,attempts), e.g. exponential(1ms,2,16ms,0.25,5); bare exponential:"
            + " from the timeout, x2, up to 16x, +-25%% seeded jitter, 5 attempts; adaptive(attempts,delay,margin,maxTimeout),"
            + " each timeout grown from the last attempt's arrivals; bare adaptive = adaptive(5,1ms,2,480ms).",
            defaultValue = "none")
    String retry;

    @Option(names = "--nmi-policy", description = "NMIs inside the rendezvous window: swallow (Xen's mask_nmi_callback,"
            + " lost; the default), defer (latched, delivered after release), none (the handler runs) or abort"
            + " (kpatch: an NMI entering a function being changed fails the apply with -EBUSY).",
            defaultValue = "swallow")
    String nmiPolicy;

    @Option(names = "--granularity", description = "Store granularity of the patch: whole-site (Xen's memcpy,"
            + " the default for xen.rendezvous and stop-machine), per-byte (the default for unsafe.no-barrier), aligned-8"
            + " or int3 (text-poke.int3 always uses it).")
    String granularity;

    @Option(names = "--store-spacing", description = "Virtual time between two stores of a plan, e.g. 2ns (default: 0,"
            + " all at one boundary; unsafe.no-barrier at least 1ns). The host shrinks its quantum meanwhile.")
    String storeSpacing;

    @Option(names = "--xmc", description = "Cross-modifying-code model: coherent (every store is seen by every CPU at"
            + " once; the only one modelled so far).", defaultValue = "coherent")
    String xmc;

    @Option(names = "--oracles", description = "Comma-separated oracles checked after every event: all (default), none,"
            + " or names from NoTornFetch, NoMixedVersions, AllOrNothing, NoCodeChangeAfterAbort,"
            + " RegistryTransitionsLegal, GuestAssertions.", defaultValue = "all")
    String oracles;

    @Option(names = "--set", description = "Override a host setting of reference.conf, e.g."
            + " --set interrupts.nmi-rate-per-ms=100 (the quiesce.host. prefix is optional); repeatable.")
    List<String> sets = new ArrayList<>();

    @Option(names = "--at", description = "Virtual time of the apply hypercall (default: ${DEFAULT-VALUE}).", defaultValue = "1ms")
    String at;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (apply == null && protocol == null) {
            return ScenarioRun.run(this, spec);
        }
        if (seed == null) {
            seed = "0x5eed";
        }
        if (duration == null) {
            duration = "50ms";
        }
        long s = Seeds.parse(seed);
        PrintWriter out = spec.commandLine().getOut();
        out.println("seed=" + Seeds.format(s));
        out.flush();
        long durationNs = SimTime.parseDuration(duration);
        HostSettings settings = hostSettings();
        if (cpus != null) {
            settings = settings.withCpus(cpus);
        }
        HostReport report;
        String applyJson = null;
        List<dev.quiesce.coordinator.oracle.Violation> violations = List.of();
        if (apply == null && protocol == null) {
            report = HostRunner.run(settings, s, durationNs, threads);
            ReportTable.print(report, out);
        } else {
            CoordinatedRun run = CoordinatedRun.run(settings, s, durationNs, threads,
                    protocol == null ? XenRendezvous.NAME : protocol, apply,
                    timeout == null ? 0 : SimTime.parseDuration(timeout), SimTime.parseDuration(at), retryPolicy(), nmiPolicy(),
                    patchPolicy(), oracleList());
            report = run.report();
            ReportTable.print(report, out);
            for (ApplyOutcome o : run.outcomes()) {
                ApplyReport.print(run.protocol(), o, out);
            }
            violations = run.violations();
            if (!run.outcomes().isEmpty()) {
                applyJson = ApplyReport.json(run.protocol(), run.outcomes().getLast(), run.outcomes().size());
            } else if (apply != null) {
                out.println("apply " + apply + ": not issued or not finished by the end of the run");
            }
        }
        if (json != null) {
            Files.writeString(json, ReportJson.toJson(report, applyJson));
        }
        out.println("trace-hash=" + report.traceHash());
        out.flush();
        if (!violations.isEmpty() || report.cpus().stream().anyMatch(c -> c.faults() > 0)) {
            PrintWriter err = spec.commandLine().getErr();
            violations.forEach(v -> err.println("violation: " + v));
            report.cpus().stream().filter(c -> c.faults() > 0)
                    .forEach(c -> err.println("cpu " + c.cpu() + " faulted: " + c.fault()));
            err.println("replay: ./quiesce run --seed " + Seeds.format(s) + " --cpus " + settings.cpus()
                    + " --duration " + SimTime.format(durationNs) + replaySets() + replayApply());
            err.flush();
            return Main.EXIT_FINDING;
        }
        return 0;
    }

    private RetryPolicy retryPolicy() {
        long base = timeout == null ? 30_000_000L : Math.max(1, SimTime.parseDuration(timeout));
        try {
            return RetryPolicy.parse(retry, base); // bare exponential: from the timeout, as before
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--retry: " + e.getMessage());
        }
    }

    private String replaySets() {
        StringBuilder b = new StringBuilder();
        for (String s : sets) {
            b.append(" --set ").append(s);
        }
        return b.toString();
    }

    private HostSettings hostSettings() {
        if (sets.isEmpty()) {
            return HostSettings.defaults();
        }
        List<String> hostSets = sets.stream().map(String::trim).map(s -> s.startsWith("quiesce.host.")
                || s.indexOf('=') <= 0 ? s : "quiesce.host." + s).toList();
        try {
            return HostSettings.from(dev.quiesce.settings.ConfigSources.overrides(hostSets,
                    "interrupts.nmi-rate-per-ms=100").withFallback(com.typesafe.config.ConfigFactory.load()));
        } catch (RuntimeException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private dev.quiesce.coordinator.protocol.ProtocolContext.PatchPolicy patchPolicy() {
        if (!xmc.equals("coherent")) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), ("--xmc: '%s' is not modelled; only"
                    + " coherent is (serialize and errata need per-CPU stale instruction fetch, which Unicorn's shared"
                    + " translation cache cannot show faithfully)").formatted(xmc));
        }
        dev.quiesce.splice.Granularity g = null;
        if (granularity != null) {
            g = switch (granularity) {
                case "whole-site" -> dev.quiesce.splice.Granularity.WHOLE_SITE;
                case "per-byte" -> dev.quiesce.splice.Granularity.PER_BYTE;
                case "aligned-8" -> dev.quiesce.splice.Granularity.ALIGNED_8;
                case "int3" -> dev.quiesce.splice.Granularity.INT3;
                default -> throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--granularity must be"
                        + " whole-site, per-byte, aligned-8 or int3, not '" + granularity + "'");
            };
        }
        long spacing = storeSpacing == null ? 0 : SimTime.parseDuration(storeSpacing);
        return new dev.quiesce.coordinator.protocol.ProtocolContext.PatchPolicy(g, spacing);
    }

    private List<dev.quiesce.coordinator.oracle.Oracle> oracleList() {
        if (oracles.equalsIgnoreCase("none")) {
            return List.of();
        }
        try {
            return dev.quiesce.coordinator.oracle.Oracles.parse(List.of(oracles.split(",")));
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--oracles: " + e.getMessage());
        }
    }

    private NmiPolicy nmiPolicy() {
        try {
            return NmiPolicy.parse(nmiPolicy);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--nmi-policy: " + e.getMessage());
        }
    }

    private String replayApply() {
        StringBuilder b = new StringBuilder();
        if (protocol != null) {
            b.append(" --protocol ").append(protocol);
        }
        if (apply != null) {
            b.append(" --apply ").append(apply).append(" --at ").append(at);
            if (timeout != null) {
                b.append(" --timeout ").append(timeout);
            }
            b.append(" --retry '").append(retry).append('\'');
            b.append(" --nmi-policy ").append(nmiPolicy);
            if (granularity != null) {
                b.append(" --granularity ").append(granularity);
            }
            if (storeSpacing != null) {
                b.append(" --store-spacing ").append(storeSpacing);
            }
            b.append(" --xmc ").append(xmc).append(" --oracles ").append(oracles);
        }
        return b.toString();
    }

    /** The registered protocol names, for picocli's completion candidates. */
    static final class ProtocolNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Protocols.names().iterator();
        }
    }

    static String gapMicros(CpuSummary c) {
        return String.format(java.util.Locale.ROOT, "%.3f", SimTime.toMicros(c.longestGapNs()));
    }
}
