package dev.quiesce.scenario;

import dev.quiesce.host.HostSettings;
import dev.quiesce.host.InterruptSettings;
import dev.quiesce.host.InterruptSettings.Injection;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Whether a snapshot of one scenario's run can stand for another's (docs/forking.md): everything read before the
 * fork point must be the same. A hunt's candidates differ from the hunted scenario only in injections, so a snapshot
 * taken at a boundary matches a candidate whose injections before that boundary are the scenario's own.
 */
public final class ForkMatch {

    private static final Comparator<Injection> ORDER = Comparator.comparingLong(Injection::atNs)
            .thenComparingInt(Injection::cpu).thenComparing(Injection::kind);

    private ForkMatch() {
    }

    /**
     * Empty if a run of {@code base} snapshotted at {@code atNs} can go on as {@code candidate} (same settings in
     * every other respect, the same injections before {@code atNs}); else why not, in a few words.
     */
    public static Optional<String> injectionsOnlyAfter(Scenario base, Scenario candidate, long atNs) {
        if (!withoutInjections(base).equals(withoutInjections(candidate))) {
            return Optional.of("the candidate's settings other than its injections differ from the scenario's");
        }
        if (!before(base, atNs).equals(before(candidate, atNs))) {
            return Optional.of("the candidate changes injections before the fork point at " + atNs + "ns");
        }
        return Optional.empty();
    }

    /**
     * Empty if a run of {@code base} snapshotted before its first hypercall can go on as {@code point}: the same
     * settings but for those read at or after the hypercall — the actions' barrier timeouts and NMI policies, the
     * retry policy (a sweep's {@code barrier.timeout}, {@code nmi-policy}, {@code retry}); else why not.
     */
    public static Optional<String> settingsAfterHypercall(Scenario base, Scenario point) {
        if (base.actions().size() != point.actions().size()) {
            return Optional.of("the point has other actions");
        }
        List<dev.quiesce.coordinator.ApplyRequest> actions = new java.util.ArrayList<>();
        for (int i = 0; i < base.actions().size(); i++) {
            dev.quiesce.coordinator.ApplyRequest b = point.actions().get(i);
            actions.add(base.actions().get(i).withTimeout(b.timeoutNs()).withNmiPolicy(b.nmiPolicy()));
        }
        if (!actions.equals(point.actions())) {
            return Optional.of("the point's actions differ in more than their timeouts and NMI policies");
        }
        Scenario a = normal(base, base.host(), base.actions(), base.retry(), base.nmi());
        Scenario b = normal(point, point.host(), base.actions(), base.retry(), base.nmi());
        if (!a.equals(b)) {
            return Optional.of("the point changes settings read before the hypercall");
        }
        return Optional.empty();
    }

    /** Whether {@code a} and {@code b} are the same scenario but perhaps for their retry policies (and names, sets). */
    public static boolean sameButRetry(Scenario a, Scenario b) {
        return normal(a, a.host(), a.actions(), a.retry(), a.nmi())
                .equals(normal(b, b.host(), b.actions(), a.retry(), b.nmi()));
    }

    /** The first hypercall's instant: the earliest action (Long.MAX_VALUE for none). */
    public static long firstActionNs(Scenario s) {
        return s.actions().stream().mapToLong(dev.quiesce.coordinator.ApplyRequest::atNs).min().orElse(Long.MAX_VALUE);
    }

    private static Scenario normal(Scenario s, HostSettings host, List<dev.quiesce.coordinator.ApplyRequest> actions,
                                   dev.quiesce.coordinator.retry.RetryPolicy retry,
                                   dev.quiesce.coordinator.protocol.NmiPolicy nmi) {
        return new Scenario("", s.source(), List.of(), s.seed(), s.durationNs(), 1, host, s.protocol(), s.plugins(),
                retry, nmi, s.patch(), s.oracles(), s.oracleSettings(), s.payloads(), actions, s.stragglers(),
                s.guest(), s.payloadSources());
    }

    /**
     * Empty if {@code candidate} differs from {@code base} only in its seed and injections: a booted host of
     * {@code base}, restored to its boot snapshot and reseeded, can run it (a PCT candidate); else why not.
     */
    public static Optional<String> seedAndInjectionsOnly(Scenario base, Scenario candidate) {
        Scenario a = withoutInjections(base);
        Scenario b = withoutInjections(candidate);
        Scenario bAtBaseSeed = new Scenario(b.name(), b.source(), b.sets(), a.seed(), b.durationNs(), b.threads(),
                b.host(), b.protocol(), b.plugins(), b.retry(), b.nmi(), b.patch(), b.oracles(), b.oracleSettings(),
                b.payloads(), b.actions(), b.stragglers(), b.guest(), b.payloadSources());
        return a.equals(bAtBaseSeed) ? Optional.empty()
                : Optional.of("the candidate's settings other than its seed and injections differ from the scenario's");
    }

    /** The earliest injection of {@code candidate} that {@code base} does not have, or {@code Long.MAX_VALUE}. */
    public static long firstAddedNs(Scenario base, Scenario candidate) {
        List<Injection> own = new java.util.ArrayList<>(base.host().interrupts().injections());
        long first = Long.MAX_VALUE;
        for (Injection i : candidate.host().interrupts().injections()) {
            if (!own.remove(i)) {
                first = Math.min(first, i.atNs());
            }
        }
        for (Injection i : own) { // one the candidate dropped also diverges there
            first = Math.min(first, i.atNs());
        }
        return first;
    }

    private static List<Injection> before(Scenario s, long atNs) {
        return s.host().interrupts().injections().stream().filter(i -> i.atNs() < atNs).sorted(ORDER).toList();
    }

    private static Scenario withoutInjections(Scenario s) {
        InterruptSettings i = s.host().interrupts();
        InterruptSettings none = new InterruptSettings(i.timerPeriodNs(), i.deviceRatePerMs(), i.stormRatePerMs(),
                i.stormLength(), i.stormSpacingNs(), i.nmiRatePerMs(), i.nmiWatchdogPeriodNs(), i.mceRatePerMs(),
                List.of());
        HostSettings h = s.host();
        HostSettings host = new HostSettings(h.cpus(), h.quantumNs(), h.imageBase(), h.payloadArea(), h.cpu(), none,
                h.workload(), h.xmc(), h.int3Handler(), h.guest(), h.barrierBatch());
        return new Scenario("", s.source(), List.of(), s.seed(), s.durationNs(), 1, host, s.protocol(),
                s.plugins(), s.retry(), s.nmi(), s.patch(), s.oracles(), s.oracleSettings(), s.payloads(), s.actions(),
                s.stragglers(), s.guest(), s.payloadSources());
    }
}
