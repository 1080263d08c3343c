package dev.quiesce.report;

import dev.quiesce.fleetsim.FleetSimulation;
import dev.quiesce.time.SimTime;
import dev.quiesce.fleet.rollout.FailureCause;
import dev.quiesce.fleet.rollout.HostOutcome;
import dev.quiesce.fleet.rollout.RolloutResult;
import dev.quiesce.fleet.rollout.WaveReport;
import dev.quiesce.fleet.scenario.FleetScenario;
import dev.quiesce.fleet.scenario.HostClass;
import dev.quiesce.seed.Seed;

import java.io.PrintWriter;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The terminal view of a fleet rollout: the fleet, the per-wave table (hosts attempted, patched, failed by cause,
 * virtual start and duration, the decision), an example failure per cause, the outcome (virtual time to patch the
 * whole fleet, hosts left unpatched, rollback), failure rates by CPU count and the fleet trace hash.
 */
public final class FleetTable {

    /** The failure causes with columns of their own; the others add up in "other". */
    static final List<FailureCause> COLUMNS = List.of(FailureCause.TIMEOUT_CPU, FailureCause.TIMEOUT_IRQ,
            FailureCause.EXPECTATION, FailureCause.VIOLATION);

    private FleetTable() {
    }

    /** Prints {@code sim} to {@code out}. */
    public static void print(FleetSimulation sim, PrintWriter out) {
        FleetScenario s = sim.scenario();
        RolloutResult r = sim.result();
        out.printf(Locale.ROOT, "fleet %s: %d hosts, seed %s, %d worker threads%n", s.name(), s.hosts(),
                Seed.format(s.seed()), s.threads());
        int[] counts = sim.layout().counts();
        for (int i = 0; i < s.classes().size(); i++) {
            HostClass c = s.classes().get(i);
            out.printf(Locale.ROOT, "  class %s: %d hosts x %d CPUs, model %s, stragglers %s%s%n", c.name(), counts[i],
                    c.cpus(), c.modelName(), c.stragglers().describe(), c.expectationMismatch() > 0
                            ? ", expectation mismatch " + percent(c.expectationMismatch()) : "");
        }
        out.printf(Locale.ROOT, "canaries: %d emulated (%s, hosts %s), %d modelled%s%n", sim.layout().canaries().size(),
                s.canaries().scenario(), sim.layout().canaries(), s.hosts() - sim.layout().canaries().size(),
                s.modelFile().isBlank() ? "" : " (models from " + s.modelFile() + ")");
        out.printf(Locale.ROOT, "protocol %s, barrier timeout %s, retry %s, nmi-policy %s, payloads %s%n", s.protocol(),
                s.timeoutNs() == 0 ? "30ms (Xen's default)" : SimTime.format(s.timeoutNs()), s.retry().describe(),
                s.nmiPolicy(), s.payloads());
        out.println("rollout: " + s.policy().describe());
        waves(r, out);
        examples(r, out);
        summary(r, out);
        out.println("fleet-trace-hash=" + r.traceHash());
        out.println("replay: " + s.replayLine());
        out.flush();
    }

    private static void waves(RolloutResult r, PrintWriter out) {
        out.printf(Locale.ROOT, "%4s  %-8s  %12s  %10s  %9s  %8s  %6s  %11s  %11s  %11s  %9s  %5s  %s%n", "wave", "kind",
                "start", "took", "attempted", "patched", "failed", "timeout-cpu", "timeout-irq", "expectation",
                "violation", "other", "decision");
        for (WaveReport w : r.waves()) {
            int other = w.failed() - COLUMNS.stream().mapToInt(w::failures).sum();
            out.printf(Locale.ROOT, "%4d  %-8s  %12s  %10s  %9d  %8d  %6d  %11d  %11d  %11d  %9d  %5d  %s%n",
                    w.number(), w.kind().name().toLowerCase(Locale.ROOT), time(w.startNs()), time(w.tookNs()),
                    w.attempted(), w.succeeded(), w.failed(), w.failures(FailureCause.TIMEOUT_CPU),
                    w.failures(FailureCause.TIMEOUT_IRQ), w.failures(FailureCause.EXPECTATION),
                    w.failures(FailureCause.VIOLATION), other, w.decision());
        }
        if (r.waves().stream().anyMatch(w -> w.kind() == WaveReport.Kind.ROLLBACK)) {
            out.println("(rollback waves: patched = hosts whose applied payloads were all reverted)");
        }
    }

    private static void examples(RolloutResult r, PrintWriter out) {
        for (HostOutcome o : r.examples()) {
            out.printf(Locale.ROOT, "e.g. %s on host %d (%s, %d attempt%s): %s%n", o.cause().label(), o.host(),
                    o.action().name().toLowerCase(Locale.ROOT), o.attempts(), o.attempts() == 1 ? "" : "s", o.detail());
        }
    }

    private static void summary(RolloutResult r, PrintWriter out) {
        long rollouts = r.rolloutWaves().size();
        if (r.halted()) {
            out.printf(Locale.ROOT, "result: halted after wave %d (%s) at %s of virtual time%n", rollouts,
                    r.haltReason(), time(r.rolloutWaves().getLast().endNs()));
            if (r.rolledBack() + r.rollbackFailed() > 0) {
                out.printf(Locale.ROOT, "rollback: %d hosts reverted (last applied first on each host), %d failed,"
                        + " done at %s of virtual time%n", r.rolledBack(), r.rollbackFailed(), time(r.endNs()));
            }
        } else {
            out.printf(Locale.ROOT, "result: rollout completed in %d waves; time to patch the whole fleet: %s of"
                    + " virtual time%n", rollouts, time(r.fleetTimeNs()));
        }
        out.printf(Locale.ROOT, "hosts patched: %d of %d; left unpatched: %d%n", r.patched(), r.hosts(), r.unpatched());
        out.println("failure rate by CPU count: " + r.byGroup().entrySet().stream()
                .sorted(Comparator.comparingInt(e -> cpus(e.getKey())))
                .map(e -> String.format(Locale.ROOT, "%s %s (%d of %d)", e.getKey(), percent(
                        e.getValue().failureRate()), e.getValue().failed(), e.getValue().attempted()))
                .collect(Collectors.joining(", ")));
    }

    /** The CPU count of a group key ({@code 64 CPUs}). */
    static int cpus(String group) {
        return Integer.parseInt(group.substring(0, group.indexOf(' ')));
    }

    /** The group entries ordered by CPU count. */
    static List<Map.Entry<String, RolloutResult.GroupStats>> groups(RolloutResult r) {
        return r.byGroup().entrySet().stream().sorted(Comparator.comparingInt(e -> cpus(e.getKey()))).toList();
    }

    /** A virtual duration or instant for people: seconds with 3 decimals from 1 s on, else {@link SimTime#format}. */
    static String time(long ns) {
        if (ns < 0) {
            return "-";
        }
        return ns >= SimTime.NS_PER_S ? String.format(Locale.ROOT, "%.3fs", ns / 1e9) : ns == 0 ? "0"
                : SimTime.format(ns);
    }

    static String percent(double rate) {
        return String.format(Locale.ROOT, "%.1f%%", rate * 100);
    }
}
