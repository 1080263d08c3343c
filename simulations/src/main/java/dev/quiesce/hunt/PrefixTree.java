package dev.quiesce.hunt;

import dev.quiesce.host.fork.HostSnapshot;
import dev.quiesce.scenario.ForkMatch;
import dev.quiesce.scenario.Scenario;
import dev.quiesce.scenario.ScenarioFork;
import dev.quiesce.scenario.ScenarioResult;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One booted host of a hunted scenario and the snapshots of its run that candidates fork from (docs/forking.md): the
 * boot snapshot at time 0 (a candidate with a seed of its own starts there, reseeded: the host is reused, not booted
 * again), and snapshots taken on demand at the last boundary before a candidate's first divergence
 * (its first injection the scenario does not have). A candidate restores the latest snapshot at or before its
 * divergence, takes its own injections and runs on; when that snapshot lies more than {@link #STEP_NS} before the
 * divergence the scenario is run on from it first and snapshotted there, so that later candidates diverging near the
 * same instant share the longer prefix. At most {@link #MAX_SNAPSHOTS} snapshots are kept.
 */
final class PrefixTree implements AutoCloseable {

    /** How far before a divergence a snapshot may lie before a nearer one is taken. */
    static final long STEP_NS = 2_000;
    /** Snapshots kept at most (each holds a copy of guest memory). */
    static final int MAX_SNAPSHOTS = 48;

    private final Scenario base;
    private final ScenarioFork fork;
    private final TreeMap<Long, HostSnapshot> snapshots = new TreeMap<>();

    /** Boots {@code base} and snapshots it at time 0. */
    PrefixTree(Scenario base) {
        this.base = base;
        this.fork = ScenarioFork.start(base);
        try {
            snapshots.put(0L, fork.snapshot());
        } catch (RuntimeException e) {
            fork.close();
            throw e;
        }
    }

    /**
     * Whether this host can run {@code candidate}: empty if so (it differs from the scenario in its injections, and
     * perhaps its seed), else why not.
     */
    Optional<String> mismatch(Scenario candidate) {
        return ForkMatch.seedAndInjectionsOnly(base, candidate);
    }

    /**
     * Runs {@code candidate} (which must not {@link #mismatch}): forked from the nearest snapshot, or — with a seed of
     * its own, when it shares no prefix with the scenario — from the boot snapshot, reseeded.
     */
    ScenarioResult run(Scenario candidate) {
        if (candidate.seed() != base.seed()) {
            fork.restore(snapshots.get(0L), base);
            fork.reseed(candidate);
            return fork.finish();
        }
        long diverge = ForkMatch.firstAddedNs(base, candidate);
        Map.Entry<Long, HostSnapshot> at = snapshots.floorEntry(diverge);
        if (diverge != Long.MAX_VALUE && diverge - at.getKey() > STEP_NS && snapshots.size() < MAX_SNAPSHOTS) {
            fork.restore(at.getValue(), base);
            fork.runWhileBefore(diverge);
            if (fork.nowNs() > at.getKey() && !snapshots.containsKey(fork.nowNs())) {
                snapshots.put(fork.nowNs(), fork.snapshot());
                at = snapshots.floorEntry(diverge);
            }
        }
        HostSnapshot s = at.getValue();
        Optional<String> why = ForkMatch.injectionsOnlyAfter(base, candidate, s.atNs());
        if (why.isPresent()) {
            throw new IllegalStateException("internal: a candidate forked from a snapshot it does not match: " + why.get());
        }
        fork.restore(s, base);
        fork.adopt(candidate);
        return fork.finish();
    }

    @Override
    public void close() {
        snapshots.values().forEach(HostSnapshot::close);
        fork.close();
    }
}
