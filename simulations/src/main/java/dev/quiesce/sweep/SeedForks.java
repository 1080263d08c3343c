package dev.quiesce.sweep;

import dev.quiesce.host.fork.HostSnapshot;
import dev.quiesce.scenario.ForkMatch;
import dev.quiesce.scenario.Scenario;
import dev.quiesce.scenario.ScenarioFork;
import dev.quiesce.scenario.ScenarioResult;
import dev.quiesce.scenario.ScenarioRunner;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One sweep worker's host, reused across seeds, and the runs of one seed forked at the hypercall (docs/forking.md).
 * The host is booted once, for the first seed's first point, and snapshotted at time 0; a later seed restores that
 * boot snapshot and is reseeded instead of booting again. Per seed, the first point's run goes on to the last quantum
 * boundary before its first action and is snapshotted there; each point that differs from it only in settings read at
 * or after the hypercall (barrier timeout, NMI policy, retry policy) restores that snapshot, takes its own settings
 * and runs on; a point that differs from an earlier one only in its retry policy, where that earlier run never asked
 * its policy (its attempt did not fail retryably), is that same run and is not run again. A point that differs in more (a setting read before the hypercall: the CPU count, the store policy, the
 * interrupt rates, …) never reuses a snapshot: it runs from boot, and the sweep says so once.
 */
final class SeedForks implements AutoCloseable {

    private final Consumer<String> say;
    private ScenarioFork fork;
    private Scenario booted;
    private HostSnapshot boot;
    private int reused;
    private boolean unsnapshottable; // a snapshot failed: this worker runs everything from boot

    /** A worker; {@code say} hears why a run could not fork. */
    SeedForks(Consumer<String> say) {
        this.say = say;
    }

    /** The results of one seed's {@code points}, in order; each equals {@code ScenarioRunner.run(point, false)}. */
    static List<ScenarioResult> run(List<Scenario> points, Consumer<String> say) {
        try (SeedForks f = new SeedForks(say)) {
            return f.seed(points);
        }
    }

    /** The results of one seed's {@code points} (the same seed), in order, on this worker's host. */
    List<ScenarioResult> seed(List<Scenario> points) {
        Scenario first = points.getFirst();
        if (unsnapshottable) {
            return fromBoot(points);
        }
        try {
            return forked(points);
        } catch (dev.quiesce.host.fork.Unsnapshottable e) {
            unsnapshottable = true;
            close();
            say.accept("not forking: " + e.getMessage() + "; every run starts from boot");
            return fromBoot(points);
        }
    }

    private static List<ScenarioResult> fromBoot(List<Scenario> points) {
        List<ScenarioResult> out = new ArrayList<>();
        for (Scenario p : points) {
            out.add(ScenarioRunner.run(p, false));
        }
        return out;
    }

    private List<ScenarioResult> forked(List<Scenario> points) {
        List<ScenarioResult> out = new ArrayList<>();
        Scenario first = points.getFirst();
        start(first);
        long hypercall = ForkMatch.firstActionNs(first);
        fork.runWhileBefore(hypercall == Long.MAX_VALUE ? first.durationNs() : hypercall - 1);
        List<Integer> neverAskedRetry = new ArrayList<>(); // points whose run never asked its retry policy
        try (HostSnapshot snapshot = fork.snapshot()) {
            for (Scenario p : points) {
                Optional<ScenarioResult> same = sameRun(p, points, out, neverAskedRetry);
                if (same.isPresent()) {
                    reused++;
                    out.add(same.get());
                    continue;
                }
                Optional<String> why = ForkMatch.settingsAfterHypercall(first, p);
                if (why.isPresent()) {
                    say.accept("not forking: " + why.get() + "; such points run from boot");
                    out.add(ScenarioRunner.run(p, false));
                    continue;
                }
                fork.restore(snapshot, first);
                fork.rebind(p);
                out.add(fork.finish());
                if (!fork.retryAsked()) {
                    neverAskedRetry.add(out.size() - 1);
                }
            }
        }
        return out;
    }

    /**
     * The result of an earlier point that differs from {@code p} only in its retry policy and whose run never asked
     * its policy: {@code p}'s run is the same run, event for event (the policy is read nowhere else), so only the
     * scenario it is reported under differs.
     */
    private static Optional<ScenarioResult> sameRun(Scenario p, List<Scenario> points, List<ScenarioResult> done,
                                                    List<Integer> neverAskedRetry) {
        for (int i : neverAskedRetry) {
            if (ForkMatch.sameButRetry(points.get(i), p)) {
                ScenarioResult r = done.get(i);
                return Optional.of(new ScenarioResult(p, r.report(), r.outcomes(), r.violations(), r.trace(), r.endNs()));
            }
        }
        return Optional.empty();
    }

    /** How many points so far were an earlier point's run under another retry policy (not run again). */
    int reused() {
        return reused;
    }

    /** The host at time 0 of {@code first}: booted, or the reused one reset from its boot snapshot and reseeded. */
    private void start(Scenario first) {
        if (fork != null && ForkMatch.seedAndInjectionsOnly(booted, first).isEmpty()) {
            fork.restore(boot, booted);
            if (first.seed() != booted.seed()) {
                fork.reseed(first);
            }
            return;
        }
        close();
        fork = ScenarioFork.start(first);
        booted = first;
        boot = fork.snapshot();
    }

    @Override
    public void close() {
        if (boot != null) {
            boot.close();
            boot = null;
        }
        if (fork != null) {
            fork.close();
            fork = null;
        }
    }
}
