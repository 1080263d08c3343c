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
                h.workload(), h.xmc(), h.int3Handler(), h.guest());
        return new Scenario("", s.source(), List.of(), s.seed(), s.durationNs(), 1, host, s.protocol(),
                s.plugins(), s.retry(), s.nmi(), s.patch(), s.oracles(), s.oracleSettings(), s.payloads(), s.actions(),
                s.stragglers(), s.guest(), s.payloadSources());
    }
}
