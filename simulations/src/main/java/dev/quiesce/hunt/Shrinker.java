package dev.quiesce.hunt;

import dev.quiesce.coordinator.oracle.Violation;
import dev.quiesce.host.InterruptSettings;
import dev.quiesce.host.InterruptSettings.Injection;
import dev.quiesce.scenario.Scenario;
import dev.quiesce.scenario.ScenarioLoader;
import dev.quiesce.scenario.ScenarioResult;
import dev.quiesce.scenario.ScenarioRunner;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A greedy delta-debugging shrink of a violating run: it tries smaller variants of the scenario, each a full
 * deterministic run, and keeps any that still violates the same oracle, until none of its reductions is accepted
 * (or the run budget is spent). Reductions, in order:
 * <ol>
 * <li>fewer CPUs: {@code host.cpus} halved, else decremented; injections on removed CPUs are dropped, and a
 * variant whose actions or stragglers name a removed CPU is not legal and skipped. Fewer CPUs move the protocol's
 * events, so when the plain variant loses the violation, its injections are shifted by as much as the plan's first
 * store moved (one run of each without injections measures it) and tried again;</li>
 * <li>fewer injections: chunks, then one by one;</li>
 * <li>injections moved to lower CPUs (CPU 0, else half their CPU), so that halving the CPUs keeps them;</li>
 * <li>quieter interrupt sources: NMI, device and storm rates to 0, else halved; timer and NMI-watchdog periods
 * to 0;</li>
 * <li>a shorter duration: the violation's time plus {@value #DURATION_MARGIN_NS} ns.</li>
 * </ol>
 * Fewer patched functions is not expressible with {@code --set} today and is not tried; the seed is kept.
 * None of the simulation tools surveyed in docs/peer-protocols.md (Coyote, FoundationDB's simulator, Jepsen, VOPR,
 * Cassandra's simulator, Kafka's Raft simulation, Pekko's multi-node testkit) shrinks a schedule: Kafka's jqwik
 * shrinks parameters only, and Jepsen's shrinking is manual.
 */
public final class Shrinker {

    /** Margin kept after the violation when shortening the duration. */
    static final long DURATION_MARGIN_NS = 5_000;
    private static final String[] RATES = {"nmi-rate-per-ms", "device-rate-per-ms", "storm-rate-per-ms",
        "mce-rate-per-ms"};
    private static final String[] PERIODS = {"timer-period", "nmi-watchdog-period"};

    /** What a shrink tells while it runs. */
    public interface Listener {
        /** A reduction was accepted: the run still violates the oracle, with {@code v}. */
        void accepted(String reduction, Violation v);
    }

    private final String source;
    private final OracleTarget oracle;
    private final int maxRuns;
    private final Listener listener;
    private final List<String> reductions = new ArrayList<>();
    private List<String> sets;
    private ScenarioResult current;
    private Violation violation;
    private int runs;

    private Shrinker(String source, List<String> sets, OracleTarget oracle, int maxRuns, Listener listener) {
        this.source = source;
        this.sets = new ArrayList<>(sets);
        this.oracle = oracle;
        this.maxRuns = maxRuns;
        this.listener = listener;
    }

    /** Shrinks {@code source} with {@code sets} (which must violate {@code oracle}) in at most {@code maxRuns} runs. */
    public static ShrinkResult run(String source, List<String> sets, OracleTarget oracle, int maxRuns, Listener l) {
        if (maxRuns < 1) {
            throw new IllegalArgumentException("--max-runs must be at least 1, not " + maxRuns);
        }
        Shrinker s = new Shrinker(source, sets, oracle, maxRuns, l);
        Scenario start = ScenarioLoader.load(source, sets);
        oracle.requireCheckedBy(start);
        s.sets = Overrides.with(s.sets, "seed", Overrides.seedValue(start.seed()));
        s.current = ScenarioRunner.run(start, false);
        s.runs = 1;
        s.violation = oracle.violation(s.current).orElseThrow(() -> new IllegalArgumentException(
                "the starting run does not violate %s (%s); nothing to shrink".formatted(oracle.name(),
                        s.current.violations().isEmpty() ? "no violation" : "it violates " + s.current.violations())));
        boolean changed = true;
        while (changed && s.runs < maxRuns) {
            changed = s.cpus() | s.injections() | s.lowerCpus() | s.interrupts() | s.duration();
        }
        return new ShrinkResult(s.current, s.violation, s.runs, s.reductions);
    }

    private Scenario scenario() {
        return current.scenario();
    }

    private boolean cpus() {
        boolean any = false;
        while (true) {
            int n = scenario().host().cpus();
            boolean ok = n > 1 && tryCpus(n / 2);
            if (!ok && n - 1 > n / 2) {
                ok = tryCpus(n - 1);
            }
            if (!ok) {
                return any;
            }
            any = true;
        }
    }

    private boolean tryCpus(int k) {
        List<Injection> all = injectionsNow();
        List<Injection> kept = all.stream().filter(i -> i.cpu() < k).toList();
        List<String> next = Overrides.with(sets, "host.cpus", Integer.toString(k));
        String what = "host.cpus %d -> %d".formatted(scenario().host().cpus(), k);
        if (kept.size() < all.size()) {
            what += " (dropped %d injections on removed CPUs)".formatted(all.size() - kept.size());
        }
        if (attempt(Overrides.with(next, Overrides.INJECTIONS, Overrides.injectionsValue(kept)), what)) {
            return true;
        }
        if (kept.isEmpty() || runs + 3 > maxRuns) {
            return false;
        }
        // Fewer CPUs move the protocol's events; injections aimed at them move with the plan's first store.
        long before = anchor(sets);
        long after = anchor(next);
        if (before < 0 || after < 0 || before == after) {
            return false;
        }
        List<Injection> shifted = kept.stream().map(i -> new Injection(i.cpu(), Math.max(0, i.atNs() + after - before),
                i.kind())).toList();
        return attempt(Overrides.with(next, Overrides.INJECTIONS, Overrides.injectionsValue(shifted)),
                what + ", injections shifted by %+dns with the plan's first store".formatted(after - before));
    }

    /** The first store (else the first action) of {@code candidate} run without injections, or -1. */
    private long anchor(List<String> candidate) {
        Scenario s;
        try {
            s = ScenarioLoader.load(source, Overrides.with(candidate, Overrides.INJECTIONS, "[]"));
        } catch (IllegalArgumentException e) {
            return -1;
        }
        runs++;
        ProtocolTimes t = ProtocolTimes.of(ScenarioRunner.run(s, false));
        return !t.stores().isEmpty() ? t.stores().getFirst() : t.actions().isEmpty() ? -1 : t.actions().getFirst();
    }

    private List<Injection> injectionsNow() {
        return scenario().host().interrupts().injections();
    }

    private boolean injections() {
        boolean any = false;
        int chunk = injectionsNow().size();
        while (chunk >= 1 && !injectionsNow().isEmpty()) {
            List<Injection> all = injectionsNow();
            chunk = Math.min(chunk, all.size());
            boolean removed = false;
            for (int start = 0; start < all.size() && !removed; start += chunk) {
                List<Injection> kept = new ArrayList<>(all.subList(0, start));
                kept.addAll(all.subList(Math.min(all.size(), start + chunk), all.size()));
                String what = chunk == 1 ? Overrides.describe(all.get(start)) : (Math.min(chunk, all.size() - start))
                        + " injections";
                removed = attempt(Overrides.with(sets, Overrides.INJECTIONS, Overrides.injectionsValue(kept)),
                        "dropped " + what + " (" + kept.size() + " left)");
            }
            any |= removed;
            if (!removed) {
                chunk = chunk == 1 ? 0 : chunk / 2;
            }
        }
        return any;
    }

    private boolean lowerCpus() {
        boolean any = false;
        for (int i = 0; i < injectionsNow().size(); i++) {
            Injection in = injectionsNow().get(i);
            for (int cpu : new int[] {0, in.cpu() / 2}) {
                if (cpu < in.cpu() && tryMove(i, cpu)) {
                    any = true;
                    break;
                }
            }
        }
        return any;
    }

    private boolean tryMove(int index, int cpu) {
        List<Injection> all = new ArrayList<>(injectionsNow());
        Injection in = all.get(index);
        all.set(index, new Injection(cpu, in.atNs(), in.kind()));
        return attempt(Overrides.with(sets, Overrides.INJECTIONS, Overrides.injectionsValue(all)),
                "moved %s to CPU %d".formatted(Overrides.describe(in), cpu));
    }

    private boolean interrupts() {
        boolean any = false;
        for (String rate : RATES) {
            double v = rate(scenario().host().interrupts(), rate);
            String key = "host.interrupts." + rate;
            if (v > 0 && attempt(Overrides.with(sets, key, "0"), rate + " " + number(v) + " -> 0")) {
                any = true;
                continue;
            }
            for (int i = 0; i < 20 && v > 0; i++, v = rate(scenario().host().interrupts(), rate)) {
                String half = number(v / 2);
                if (!attempt(Overrides.with(sets, key, half), rate + " " + number(v) + " -> " + half)) {
                    break;
                }
                any = true;
            }
        }
        for (String period : PERIODS) {
            InterruptSettings in = scenario().host().interrupts();
            long ns = period.equals("timer-period") ? in.timerPeriodNs() : in.nmiWatchdogPeriodNs();
            if (ns > 0) {
                any |= attempt(Overrides.with(sets, "host.interrupts." + period, "0"), period + " " + ns + "ns -> 0");
            }
        }
        return any;
    }

    private boolean duration() {
        long target = (violation.timeNs() + DURATION_MARGIN_NS + 999) / 1000 * 1000;
        if (target >= scenario().durationNs()) {
            return false;
        }
        return attempt(Overrides.with(sets, "duration", target / 1000 + "us"),
                "duration %dns -> %dus".formatted(scenario().durationNs(), target / 1000));
    }

    /** Runs {@code next}; keeps it when it is legal and still violates the oracle. */
    private boolean attempt(List<String> next, String what) {
        if (runs >= maxRuns) {
            return false;
        }
        Scenario s;
        try {
            s = ScenarioLoader.load(source, next);
        } catch (IllegalArgumentException e) {
            return false; // e.g. an action on a removed CPU: not a legal variant
        }
        ScenarioResult r = ScenarioRunner.run(s, false);
        runs++;
        Optional<Violation> v = oracle.violation(r);
        if (v.isEmpty()) {
            return false;
        }
        sets = next;
        current = r;
        violation = v.get();
        reductions.add(what);
        listener.accepted(what, violation);
        return true;
    }

    private static double rate(InterruptSettings in, String key) {
        return switch (key) {
            case "nmi-rate-per-ms" -> in.nmiRatePerMs();
            case "device-rate-per-ms" -> in.deviceRatePerMs();
            case "mce-rate-per-ms" -> in.mceRatePerMs();
            default -> in.stormRatePerMs();
        };
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
