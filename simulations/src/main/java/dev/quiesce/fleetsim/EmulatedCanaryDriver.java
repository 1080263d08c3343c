package dev.quiesce.fleetsim;

import dev.quiesce.coordinator.ApplyOutcome;
import dev.quiesce.coordinator.HostCoordinator;
import dev.quiesce.coordinator.oracle.Violation;
import dev.quiesce.fleet.rollout.FailureCause;
import dev.quiesce.fleet.rollout.HostCommand;
import dev.quiesce.fleet.rollout.HostDriver;
import dev.quiesce.fleet.rollout.HostOutcome;
import dev.quiesce.fleet.scenario.FleetLayout;
import dev.quiesce.fleet.scenario.FleetScenario;
import dev.quiesce.fleet.scenario.HostClass;
import dev.quiesce.random.SeedStream;
import dev.quiesce.scenario.Scenario;
import dev.quiesce.scenario.ScenarioLoader;
import dev.quiesce.scenario.ScenarioResult;
import dev.quiesce.scenario.ScenarioRunner;
import dev.quiesce.seed.Seed;
import dev.quiesce.splice.registry.Action;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The fleet's emulated canaries: a canary runs the fleet's canary scenario on emulated CPUs, with the host's CPU
 * count and stragglers and the fleet's protocol, timeout, retry, NMI policy and payload stack set on it, seeded from
 * (fleet seed, host id). An APPLY issues the stack's applies one after another; a REVERT replays those applies, then
 * issues the reverts (last applied first) a little after they settled — as the APPLY's run found (the same run:
 * an emulated run is deterministic; without it, a first run of the applies finds out). Issuing a revert in the
 * boundary an apply of the same payload settled in would trip RegistryTransitionsLegal, hence the gap. A canary reports the payloads up to its first failure; an oracle
 * violation is a failure of its own, with the canary's replay line.
 */
public final class EmulatedCanaryDriver implements HostDriver {

    /** Virtual time between the last apply's settlement and the first revert. */
    static final long REVERT_GAP_NS = 20_000;

    private final FleetScenario fleet;
    private final FleetLayout layout;
    /** When a canary's applies settled, by "host:applies" — a pure function of them, kept to save a rerun. */
    private final Map<String, Long> appliesSettled = new ConcurrentHashMap<>();

    /** The canaries of {@code fleet} laid out as {@code layout}. */
    public EmulatedCanaryDriver(FleetScenario fleet, FleetLayout layout) {
        this.fleet = fleet;
        this.layout = layout;
    }

    @Override
    public HostOutcome run(HostCommand c) {
        List<String> applies = c.action() == Action.APPLY ? c.payloads() : c.payloads().reversed();
        if (c.action() == Action.APPLY) {
            ScenarioResult r = ScenarioRunner.run(scenario(c.host(), applies, List.of(), 0), false);
            appliesSettled.put(c.host() + ":" + applies, settledNs(r));
            return outcome(c, r, fleet.canaries().applyAtNs());
        }
        Long settled = appliesSettled.get(c.host() + ":" + applies);
        if (settled == null) {
            ScenarioResult first = ScenarioRunner.run(scenario(c.host(), applies, List.of(), 0), false);
            if (first.violated()) {
                return outcome(c, first, fleet.canaries().applyAtNs());
            }
            settled = settledNs(first);
        }
        long revertAt = settled + REVERT_GAP_NS;
        ScenarioResult r = ScenarioRunner.run(scenario(c.host(), applies, c.payloads(), revertAt), false);
        return outcome(c, r, revertAt);
    }

    /** The canary scenario of host {@code h}: {@code applies} at the canaries' apply time, then {@code reverts}. */
    Scenario scenario(int h, List<String> applies, List<String> reverts, long revertAtNs) {
        HostClass cls = layout.classOf(h);
        SeedStream host = SeedStream.root(fleet.seed()).child("host", h);
        long seed = host.child("canary").random().nextLong();
        List<HostCoordinator.Straggler> stragglers = cls.stragglers().draw(
                host.child("apply/" + applies.getFirst()).child("stragglers").random(), cls.cpus(),
                fleet.canaries().applyAtNs());
        List<String> sets = new ArrayList<>(fleet.canaries().sets());
        sets.add("seed=\"" + Seed.format(seed) + "\"");
        sets.add("host.cpus=" + cls.cpus());
        sets.add("protocol=" + fleet.protocol());
        sets.add("barrier.timeout=" + fleet.timeoutNs() + "ns");
        sets.add("retry=\"" + fleet.retrySpec() + "\"");
        sets.add("nmi-policy=" + fleet.nmiPolicy());
        sets.add("duration=10s"); // a cap (the run ends once every action settled), the same in every run
        sets.add("payloads=[" + String.join(",", applies.stream().map(p -> "\"" + p + "\"").toList()) + "]");
        List<String> actions = new ArrayList<>();
        for (String p : applies) {
            actions.add(action(fleet.canaries().applyAtNs(), "apply", p));
        }
        for (String p : reverts) {
            actions.add(action(revertAtNs, "revert", p));
        }
        sets.add("actions=[" + String.join(",", actions) + "]");
        List<String> st = stragglers.stream().map(s -> "{cpu=" + s.cpu() + ",at=" + s.atNs() + "ns,iterations="
                + s.iterations() + "}").toList();
        sets.add("stragglers=[" + String.join(",", st) + "]");
        return ScenarioLoader.load(fleet.canaries().scenario(), sets);
    }

    private static String action(long atNs, String action, String payload) {
        return "{at=" + atNs + "ns,action=" + action + ",payload=\"" + payload + "\"}";
    }

    private static HostOutcome outcome(HostCommand c, ScenarioResult r, long fromNs) {
        List<String> done = new ArrayList<>();
        int attempts = 0;
        long end = fromNs;
        for (String p : c.payloads()) {
            List<ApplyOutcome> mine = r.outcomes().stream()
                    .filter(o -> o.request().payload().equals(p) && o.request().action() == c.action()).toList();
            attempts += mine.size();
            if (mine.isEmpty()) {
                return failed(c, r, done, FailureCause.UNSETTLED, end - fromNs, attempts, p + " did not settle");
            }
            ApplyOutcome last = mine.getLast();
            end = Math.max(end, settledNs(last));
            FailureCause cause = FailureCause.of(last);
            if (cause.failed()) {
                return failed(c, r, done, cause, end - fromNs, attempts, last.message());
            }
            done.add(p);
        }
        if (r.violated()) {
            return failed(c, r, done, FailureCause.VIOLATION, end - fromNs, attempts, "");
        }
        return new HostOutcome(c.host(), c.action(), done, FailureCause.NONE, end - fromNs, attempts, "");
    }

    private static HostOutcome failed(HostCommand c, ScenarioResult r, List<String> done, FailureCause cause,
                                      long durationNs, int attempts, String message) {
        if (r.violated()) {
            Violation v = r.violations().getFirst();
            return new HostOutcome(c.host(), c.action(), done, FailureCause.VIOLATION, durationNs, attempts,
                    v.oracle() + " at t=" + v.timeNs() + "ns: " + v.message() + "; replay: "
                            + r.scenario().replayLine());
        }
        return new HostOutcome(c.host(), c.action(), done, cause, durationNs, attempts, message);
    }

    private static long settledNs(ScenarioResult r) {
        return r.outcomes().stream().mapToLong(EmulatedCanaryDriver::settledNs).max().orElse(0);
    }

    private static long settledNs(ApplyOutcome o) {
        return Math.max(o.releasedNs(), o.issuedNs());
    }
}
