package dev.quiesce.sim.bench;

import dev.quiesce.host.actor.HostRunner;
import dev.quiesce.random.SeedStream;
import dev.quiesce.time.SuppressForbidden;
import dev.quiesce.coordinator.ApplyOutcome;
import dev.quiesce.coordinator.ApplyRequest;
import dev.quiesce.coordinator.HostCoordinator;
import dev.quiesce.coordinator.oracle.Oracle;
import dev.quiesce.coordinator.oracle.Oracles;
import dev.quiesce.coordinator.protocol.ProtocolContext;
import dev.quiesce.coordinator.retry.RetryPolicy;
import dev.quiesce.host.HostMachine;
import dev.quiesce.host.HostReport;
import dev.quiesce.host.HostSettings;
import dev.quiesce.emulator.memory.XmcModel;
import dev.quiesce.host.Int3Handler;
import dev.quiesce.emulator.samples.SamplePayloads;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * The apply macro benchmark: one apply of the 3-function payload {@code triple} on {@code cpus} emulated CPUs under
 * the default light load, per protocol: wall time per simulated apply (the host run that contains it, boot and
 * upload excluded), simulated CPU-µs per wall second, and the same Xen apply with and without the oracles' hooks —
 * their overhead as a ratio measured in the same run.
 */
@SuppressForbidden("a benchmark measures wall-clock time")
public final class ApplyBenchmark {

    private static final long SEED = 0x5eedL;
    private static final long AT = 50_000;
    private static final long DURATION = 150_000;

    private ApplyBenchmark() {
    }

    /** Runs the benchmark, best of {@code repeat} per row, under the coherent model. */
    public static void run(int cpus, int repeat, List<String> protocols, PrintWriter out) {
        run(cpus, repeat, protocols, List.of(XmcModel.COHERENT), out);
    }

    /** Runs the benchmark, best of {@code repeat} per row, each protocol under each cross-modifying-code model. */
    public static void run(int cpus, int repeat, List<String> protocols, List<XmcModel> models, PrintWriter out) {
        run(cpus, repeat, protocols, models, List.of(Int3Handler.JAVA), out);
    }

    /**
     * Runs the benchmark, best of {@code repeat} per row, each protocol under each cross-modifying-code model and
     * each text_poke int3 handler ({@code text-poke.int3-handler}: the guest's costs what its #BP entries cost).
     */
    public static void run(int cpus, int repeat, List<String> protocols, List<XmcModel> models,
                           List<Int3Handler> handlers, PrintWriter out) {
        HostSettings base = HostSettings.defaults().withCpus(cpus);
        for (Int3Handler handler : handlers) {
            for (XmcModel model : models) {
                if (models.size() > 1 || model != XmcModel.COHERENT) {
                    out.printf(Locale.ROOT, "xmc = %s%n", model.label());
                }
                if (handlers.size() > 1 || handler != Int3Handler.JAVA) {
                    out.printf(Locale.ROOT, "text-poke.int3-handler = %s%n", handler.label());
                }
                runModel(cpus, repeat, protocols, base.withXmc(model).withInt3Handler(handler), out);
            }
        }
    }

    private static void runModel(int cpus, int repeat, List<String> protocols, HostSettings s, PrintWriter out) {
        out.printf(Locale.ROOT, "apply benchmark: triple (3 functions) on %d CPUs, apply at %dus of a %dus run, best of"
                + " %d after a warm-up, %d cores%n", cpus, AT / 1000, DURATION / 1000, repeat,
                Runtime.getRuntime().availableProcessors());
        out.flush();
        once(s, "xen.rendezvous", Oracles.all()); // warm-up
        out.printf(Locale.ROOT, "%-26s %-8s %12s %16s %14s %s%n", "protocol", "oracles", "wall/apply", "sim CPU-us/s",
                "time-to-apply", "result");
        double withOracles = 0;
        double without = 0;
        for (String p : protocols) {
            for (boolean oracles : p.equals("xen.rendezvous") || p.equals("text-poke.int3") ? new boolean[] {true, false}
                    : new boolean[] {true}) {
                Row best = null;
                for (int i = 0; i < repeat; i++) {
                    Row r = once(s, p, oracles ? Oracles.all() : Oracles.none());
                    best = best == null || r.wallNs < best.wallNs ? r : best;
                }
                double cpuUsPerS = cpus * (DURATION / 1000.0) / (best.wallNs / 1e9);
                out.printf(Locale.ROOT, "%-26s %-8s %9.1f ms %16.0f %14s %s%n", p, oracles ? "all" : "none",
                        best.wallNs / 1e6, cpuUsPerS, best.outcome == null || best.outcome.timeToApplyNs() < 0 ? "-"
                                : dev.quiesce.time.SimTime.format(best.outcome.timeToApplyNs()),
                        (best.outcome == null ? "not finished" : best.outcome.result().label() + " rc=" + best.outcome.rc())
                                + best.violation);
                out.flush();
                if (p.equals("xen.rendezvous")) {
                    if (oracles) {
                        withOracles = best.wallNs;
                    } else {
                        without = best.wallNs;
                    }
                }
            }
        }
        if (withOracles > 0 && without > 0) {
            out.printf(Locale.ROOT, "oracle overhead (xen.rendezvous): wall with / without = %.2f%n", withOracles / without);
        }
        out.flush();
    }

    private record Row(long wallNs, ApplyOutcome outcome, String violation) {
    }

    private static Row once(HostSettings s, String protocol, List<Oracle> oracles) {
        try (HostMachine m = HostMachine.boot(s, SeedStream.root(SEED).child("host", 0))) {
            HostCoordinator c = new HostCoordinator(m, protocol, List.of(ApplyRequest.apply(AT, "triple")), List.of(),
                    RetryPolicy.none(), SeedStream.root(SEED).child("host", 0), ProtocolContext.PatchPolicy.defaults(),
                    oracles);
            if (c.registry().upload("triple", SamplePayloads.assemble(m.image()).get("triple")).rc() != 0) {
                throw new IllegalStateException("upload of triple failed");
            }
            long t0 = System.nanoTime(); // forbidden-ok: a benchmark measures wall-clock time
            HostReport r = HostRunner.run(m, c, SEED, DURATION, 2);
            long wall = System.nanoTime() - t0; // forbidden-ok: a benchmark measures wall-clock time
            if (r.events() < 0) {
                throw new IllegalStateException("no report");
            }
            return new Row(wall, c.outcomes().isEmpty() ? null : c.outcomes().getLast(),
                    c.violations().isEmpty() ? "" : " (run ended: " + c.violations().getFirst().oracle() + ")");
        }
    }
}
