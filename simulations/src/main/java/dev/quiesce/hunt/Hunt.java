package dev.quiesce.hunt;

import dev.quiesce.coordinator.oracle.Violation;
import dev.quiesce.random.SeedStream;
import dev.quiesce.scenario.Scenario;
import dev.quiesce.scenario.ScenarioLoader;
import dev.quiesce.scenario.ScenarioResult;
import dev.quiesce.scenario.ScenarioRunner;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A search for a run violating one oracle: candidates of a {@link Strategy} run one by one (or in batches on
 * several threads) as full scenarios until one violates or the budget is spent. PCT and targeted first run the
 * scenario as given (the probe, execution 1) to learn its protocol's event times. The answer is the lowest-index
 * violating candidate, so it is the same with any number of threads.
 */
public final class Hunt {

    /** What a hunt tells while it runs. */
    public interface Listener {
        /** The probe ran and measured {@code times}. */
        default void probed(ProtocolTimes times) {
        }

        /** A one-line remark about how the hunt runs (e.g. why its candidates do not fork), told once. */
        default void note(String line) {
        }

        /** {@code executions} of {@code budget} ran, at {@code perSecond} (wall clock). */
        default void progress(int executions, int budget, double perSecond) {
        }
    }

    private Hunt() {
    }

    /** Runs the hunt {@code s}, telling {@code l} how it goes. */
    public static HuntResult run(HuntSettings s, Listener l) {
        long t0 = dev.quiesce.sim.WallClock.nanos();
        Scenario base = ScenarioLoader.load(s.source(), s.sets());
        s.oracle().requireCheckedBy(base);
        SeedStream stream = SeedStream.root(s.huntSeed()).child(s.strategy().cliName());
        CandidateSource source;
        int next = 0;
        if (s.strategy() == Strategy.RANDOM) {
            source = new RandomSeeds(stream);
        } else {
            ScenarioResult probe = ScenarioRunner.run(base, false);
            next = 1;
            Optional<Violation> v = s.oracle().violation(probe);
            if (v.isPresent()) {
                return new HuntResult(1, new Candidate(0, List.of(), "the probe: the scenario as given"), base, probe,
                        v.get(), rate(1, t0));
            }
            ProtocolTimes times = ProtocolTimes.of(probe);
            l.probed(times);
            source = s.strategy() == Strategy.PCT ? new PctPlacements(base, times, stream, s.depth())
                    : new TargetedPlacements(base, times, stream);
        }
        int batch = s.threads() == 1 ? 1 : 2 * s.threads();
        try (CandidateRunner runner = runner(s, base, l)) {
            while (next < s.budget()) {
                int n = Math.min(batch, s.budget() - next);
                List<Candidate> cs = new ArrayList<>();
                List<Scenario> scenarios = new ArrayList<>();
                for (int i = next; i < next + n; i++) {
                    Candidate c = source.candidate(i);
                    cs.add(c);
                    scenarios.add(scenario(s, base, c));
                }
                List<ScenarioResult> results = runner.run(scenarios);
                for (int j = 0; j < n; j++) {
                    Optional<Violation> v = s.oracle().violation(results.get(j));
                    if (v.isPresent()) {
                        int executions = next + j + 1;
                        return new HuntResult(executions, cs.get(j), scenarios.get(j), results.get(j), v.get(),
                                rate(next + n, t0));
                    }
                }
                next += n;
                l.progress(next, s.budget(), rate(next, t0));
            }
        }
        return new HuntResult(next, null, base, null, null, rate(next, t0));
    }

    /** Forked candidates when asked and possible (docs/forking.md), else every candidate from the start. */
    private static CandidateRunner runner(HuntSettings s, Scenario base, Listener l) {
        if (!s.fork()) {
            return new BatchRunner(s.threads());
        }
        return new ForkingRunner(base, s.threads(), l::note);
    }

    /**
     * Candidate {@code c}'s scenario: loaded with its sets, or — when it only sets the injections — the hunted
     * scenario with those injections, the same scenario without parsing it again ({@code HuntTest} checks that both
     * ways agree).
     */
    static Scenario scenario(HuntSettings s, Scenario base, Candidate c) {
        List<String> sets = apply(s.sets(), c);
        if (c.injections().isEmpty()) {
            return ScenarioLoader.load(s.source(), sets);
        }
        dev.quiesce.host.HostSettings h = base.host();
        dev.quiesce.host.InterruptSettings i = h.interrupts();
        dev.quiesce.host.InterruptSettings injected = new dev.quiesce.host.InterruptSettings(i.timerPeriodNs(),
                i.deviceRatePerMs(), i.stormRatePerMs(), i.stormLength(), i.stormSpacingNs(), i.nmiRatePerMs(),
                i.nmiWatchdogPeriodNs(), i.mceRatePerMs(), c.injections().get());
        dev.quiesce.host.HostSettings host = new dev.quiesce.host.HostSettings(h.cpus(), h.quantumNs(), h.imageBase(),
                h.payloadArea(), h.cpu(), injected, h.workload(), h.xmc(), h.int3Handler(), h.guest(), h.barrierBatch());
        return new Scenario(base.name(), base.source(), sets, base.seed(), base.durationNs(), base.threads(), host,
                base.protocol(), base.plugins(), base.retry(), base.nmi(), base.patch(), base.oracles(),
                base.oracleSettings(), base.payloads(), base.actions(), base.stragglers(), base.guest(),
                base.payloadSources());
    }

    /** {@code sets} with the candidate's overrides replacing any earlier value of their keys. */
    static List<String> apply(List<String> sets, Candidate c) {
        List<String> out = new ArrayList<>(sets);
        for (String set : c.sets()) {
            String key = Overrides.key(set);
            out = Overrides.with(out, key, set.substring(set.indexOf('=') + 1));
        }
        return out;
    }

    private static double rate(int executions, long t0) {
        double seconds = (dev.quiesce.sim.WallClock.nanos() - t0) / 1e9;
        return seconds <= 0 ? 0 : executions / seconds;
    }
}
