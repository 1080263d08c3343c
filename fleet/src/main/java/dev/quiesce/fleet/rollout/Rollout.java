package dev.quiesce.fleet.rollout;

import dev.quiesce.splice.registry.Action;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.IntFunction;

/**
 * A rollout's decisions, without actors: it hands out a wave's commands, collects the wave's outcomes in any order,
 * then sorts them by host id and decides — continue with the next wave, finish, or halt (a failure rate above the
 * policy's threshold, an oracle violation) and, if the policy says so, roll back: revert every host's applied
 * payloads, last applied first, in waves of at most the policy's concurrent hosts, in host-id order. Virtual time:
 * a wave starts when the previous wave's slowest host finished plus the policy's pause (a rollback starts at once).
 * Every decision and outcome goes into the fleet trace hash.
 */
public final class Rollout {

    private final RolloutPolicy policy;
    private final List<String> stack;
    private final List<List<Integer>> plan;
    private final IntFunction<String> groupOf;
    private final int hosts;
    private final FleetTrace trace = new FleetTrace();
    private final Map<Integer, List<String>> applied = new TreeMap<>();
    private final SortedMap<String, int[]> groups = new TreeMap<>();
    private final Map<FailureCause, HostOutcome> rolloutExamples = new EnumMap<>(FailureCause.class);
    private final Map<FailureCause, HostOutcome> rollbackExamples = new EnumMap<>(FailureCause.class);
    private final List<WaveReport> waves = new ArrayList<>();
    private final List<HostOutcome> pending = new ArrayList<>();
    private List<List<Integer>> rollbackPlan = List.of();
    private List<Integer> current = List.of();
    private WaveReport.Kind kind = WaveReport.Kind.ROLLOUT;
    private int next;
    private long startNs;
    private boolean finished;
    private String haltReason = "";
    private long fleetTimeNs = -1;
    private int rolledBack;
    private int rollbackFailed;
    private String hash;

    /**
     * A rollout of {@code stack} over the hosts of {@code order} (rollout order), waves planned by {@code policy};
     * {@code groupOf} names a host's group for the failure rates by group (e.g. its CPU count).
     */
    public Rollout(List<Integer> order, RolloutPolicy policy, List<String> stack, IntFunction<String> groupOf) {
        if (stack.isEmpty()) {
            throw new IllegalArgumentException("a rollout needs at least one payload");
        }
        this.policy = policy;
        this.stack = List.copyOf(stack);
        this.plan = WavePlanner.waves(order, policy);
        this.groupOf = groupOf;
        this.hosts = order.size();
    }

    /** The first wave's commands (empty for a fleet of no hosts, which is finished at once). */
    public List<HostCommand> start() {
        trace.start(hosts, stack, WavePlanner.sizes(hosts, policy));
        if (plan.isEmpty()) {
            finish(0);
            return List.of();
        }
        return launch(plan.get(next++), Action.APPLY);
    }

    /** Records one host's outcome of the wave in flight (any order); returns whether the wave has settled. */
    public boolean record(HostOutcome outcome) {
        if (pending.size() >= current.size()) {
            throw new IllegalStateException("more outcomes than hosts in the wave: host " + outcome.host());
        }
        pending.add(outcome);
        return waveSettled();
    }

    /** Whether every host of the wave in flight reported. */
    public boolean waveSettled() {
        return !finished && pending.size() == current.size();
    }

    /** Decides after a settled wave; returns the next wave's commands, empty once the rollout is finished. */
    public List<HostCommand> decide() {
        if (!waveSettled()) {
            throw new IllegalStateException("the wave has not settled: " + pending.size() + " of " + current.size());
        }
        List<HostOutcome> rs = new ArrayList<>(pending);
        pending.clear();
        rs.sort(Comparator.comparingInt(HostOutcome::host));
        long took = 0;
        int ok = 0;
        Map<FailureCause, Integer> causes = new EnumMap<>(FailureCause.class);
        List<Integer> expected = current.stream().sorted().toList();
        for (int i = 0; i < rs.size(); i++) {
            HostOutcome o = rs.get(i);
            if (o.host() != expected.get(i)) {
                throw new IllegalStateException("outcome of host " + o.host() + " is not of this wave");
            }
            trace.outcome(o);
            took = Math.max(took, o.durationNs());
            ok += o.ok() ? 1 : 0;
            causes.merge(o.cause(), o.ok() ? 0 : 1, Integer::sum);
            (kind == WaveReport.Kind.ROLLOUT ? rolloutExamples : rollbackExamples).putIfAbsent(o.cause(), o);
            if (kind == WaveReport.Kind.ROLLOUT) {
                applied(o);
            } else {
                reverted(o);
            }
        }
        long end = startNs + took;
        int failed = rs.size() - ok;
        WaveDecision decision = kind == WaveReport.Kind.ROLLOUT ? afterRollout(rs, failed) : afterRollback();
        WaveReport w = new WaveReport(waves.size() + 1, kind, startNs, took, rs.size(), ok, causes, words(decision));
        waves.add(w);
        trace.wave(w, decision);
        return proceed(end);
    }

    private void applied(HostOutcome o) {
        if (!o.done().isEmpty()) {
            applied.put(o.host(), o.done());
        }
        int[] g = groups.computeIfAbsent(groupOf.apply(o.host()), k -> new int[2]);
        g[0]++;
        g[1] += o.ok() ? 0 : 1;
    }

    private void reverted(HostOutcome o) {
        List<String> left = new ArrayList<>(applied.get(o.host()));
        left.removeAll(o.done());
        if (left.isEmpty()) {
            applied.remove(o.host());
            rolledBack++;
        } else {
            applied.put(o.host(), List.copyOf(left));
            rollbackFailed++;
        }
    }

    private WaveDecision afterRollout(List<HostOutcome> rs, int failed) {
        double rate = rs.isEmpty() ? 0 : failed / (double) rs.size();
        HostOutcome violation = rs.stream().filter(o -> o.cause() == FailureCause.VIOLATION).findFirst().orElse(null);
        WaveDecision.Step step;
        if (violation != null && policy.haltOnViolation()) {
            haltReason = "oracle violation on host " + violation.host();
            step = WaveDecision.Step.HALT_ON_VIOLATION;
        } else if (rate > policy.failureThreshold()) {
            haltReason = "failure rate " + RolloutPolicy.percent(rate) + " > " + RolloutPolicy.percent(
                    policy.failureThreshold());
            step = WaveDecision.Step.HALT_ON_FAILURE_RATE;
        } else {
            return WaveDecision.of(next < plan.size() ? WaveDecision.Step.CONTINUE : WaveDecision.Step.DONE);
        }
        int host = violation != null && policy.haltOnViolation() ? violation.host() : -1;
        if (policy.rollback() && !applied.isEmpty()) {
            rollbackPlan = WavePlanner.waves(List.copyOf(applied.keySet()),
                    new RolloutPolicy(policy.maxConcurrent(), 1, policy.maxConcurrent(), 1, false, false, 0));
            next = 0;
            return new WaveDecision(step, host, applied.size());
        }
        return new WaveDecision(step, host, 0);
    }

    private WaveDecision afterRollback() {
        return WaveDecision.of(next < rollbackPlan.size() ? WaveDecision.Step.CONTINUE_ROLLBACK
                : WaveDecision.Step.ROLLBACK_DONE);
    }

    /** The decision in words, for the wave report. */
    private String words(WaveDecision d) {
        return switch (d.step()) {
            case CONTINUE -> "continue";
            case DONE -> "done";
            case CONTINUE_ROLLBACK -> "continue rollback";
            case ROLLBACK_DONE -> "rollback done";
            case HALT_ON_VIOLATION, HALT_ON_FAILURE_RATE -> "halt (" + haltReason + ")"
                    + (d.rollBack() > 0 ? "; roll back " + d.rollBack() + " hosts" : "");
        };
    }

    private List<HostCommand> proceed(long end) {
        boolean rollingBack = !rollbackPlan.isEmpty();
        if (rollingBack && next < rollbackPlan.size()) {
            startNs = end;
            kind = WaveReport.Kind.ROLLBACK;
            return launch(rollbackPlan.get(next++), Action.REVERT);
        }
        if (!rollingBack && haltReason.isEmpty() && next < plan.size()) {
            startNs = end + policy.pauseNs();
            return launch(plan.get(next++), Action.APPLY);
        }
        if (haltReason.isEmpty()) {
            fleetTimeNs = end;
        }
        finish(end);
        return List.of();
    }

    private List<HostCommand> launch(List<Integer> wave, Action action) {
        current = wave;
        List<HostCommand> commands = new ArrayList<>(wave.size());
        for (int h : wave) {
            commands.add(new HostCommand(h, action, action == Action.APPLY ? stack : applied.get(h).reversed()));
        }
        return commands;
    }

    private void finish(long end) {
        finished = true;
        current = List.of();
        startNs = end;
        hash = trace.finish();
    }

    /** Whether the rollout (and any rollback) is over. */
    public boolean finished() {
        return finished;
    }

    /** The result; only once {@link #finished()}. */
    public RolloutResult result() {
        if (!finished) {
            throw new IllegalStateException("the rollout is still running");
        }
        int patched = (int) applied.values().stream().filter(a -> a.size() == stack.size()).count();
        SortedMap<String, RolloutResult.GroupStats> byGroup = new TreeMap<>();
        groups.forEach((k, v) -> byGroup.put(k, new RolloutResult.GroupStats(v[0], v[1])));
        List<HostOutcome> examples = new ArrayList<>();
        rolloutExamples.forEach((c, o) -> addIf(examples, o));
        rollbackExamples.forEach((c, o) -> addIf(examples, o));
        return new RolloutResult(hosts, waves, !haltReason.isEmpty(), haltReason, patched, hosts - patched,
                fleetTimeNs, startNs, rolledBack, rollbackFailed, byGroup, examples, hash);
    }

    private static void addIf(List<HostOutcome> examples, HostOutcome o) {
        if (!o.ok()) {
            examples.add(o);
        }
    }
}
