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

    @Option(names = "--protocol", description = "Rendezvous protocol for --apply: ${COMPLETION-CANDIDATES} (default: xen.rendezvous).",
            completionCandidates = ProtocolNames.class)
    String protocol;

    @Option(names = "--apply", description = "Apply this sample payload (see `payload samples`, e.g. xen_hello_world) during the run.")
    String apply;

    @Option(names = "--timeout", description = "Rendezvous timeout of the apply (default: Xen's 30ms).")
    String timeout;

    @Option(names = "--retry", description = "Caller's retry after -EBUSY: none (Xen, the default) or exponential"
            + " (from the timeout, x2, up to 16x, +-25%% seeded jitter, 5 attempts).", defaultValue = "none")
    String retry;

    @Option(names = "--nmi-policy", description = "NMIs inside the rendezvous window: swallow (Xen's mask_nmi_callback,"
            + " lost; the default), defer (latched, delivered after release) or none (the handler runs).",
            defaultValue = "swallow")
    String nmiPolicy;

    @Option(names = "--at", description = "Virtual time of the apply hypercall (default: ${DEFAULT-VALUE}).", defaultValue = "1ms")
    String at;

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
        HostReport report;
        String applyJson = null;
        if (apply == null && protocol == null) {
            report = HostRunner.run(settings, s, durationNs, threads);
            ReportTable.print(report, out);
        } else {
            CoordinatedRun run = CoordinatedRun.run(settings, s, durationNs, threads,
                    protocol == null ? XenRendezvous.NAME : protocol, apply,
                    timeout == null ? 0 : SimTime.parseDuration(timeout), SimTime.parseDuration(at), retryPolicy(), nmiPolicy());
            report = run.report();
            ReportTable.print(report, out);
            for (ApplyOutcome o : run.outcomes()) {
                ApplyReport.print(run.protocol(), o, out);
            }
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
        if (report.cpus().stream().anyMatch(c -> c.faults() > 0)) {
            PrintWriter err = spec.commandLine().getErr();
            report.cpus().stream().filter(c -> c.faults() > 0)
                    .forEach(c -> err.println("cpu " + c.cpu() + " faulted: " + c.fault()));
            err.println("replay: ./quiesce run --seed " + Seeds.format(s) + " --cpus " + settings.cpus()
                    + " --duration " + SimTime.format(durationNs) + replayApply());
            err.flush();
            return Main.EXIT_FINDING;
        }
        return 0;
    }

    private RetryPolicy retryPolicy() {
        long base = timeout == null ? 30_000_000L : Math.max(1, SimTime.parseDuration(timeout));
        return switch (retry) {
            case "none" -> RetryPolicy.none();
            case "exponential" -> new RetryPolicy.Exponential(base, 2, base * 16, 0.25, 5);
            default -> throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--retry must be none or exponential, not '" + retry + "'");
        };
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
            b.append(" --retry ").append(retry);
            b.append(" --nmi-policy ").append(nmiPolicy);
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
