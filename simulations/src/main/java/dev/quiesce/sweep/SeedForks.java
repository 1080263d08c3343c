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
 * The runs of one sweep seed, forked at the hypercall (docs/forking.md): one host booted with the first point's
 * scenario runs until the last quantum boundary before its first action and is snapshotted there; each point that
 * differs from it only in settings read at or after the hypercall (barrier timeout, NMI policy, retry policy) restores
 * the snapshot, takes its own settings and runs on. A point that differs in more (a setting read before the
 * hypercall: the CPU count, the protocol's store policy, the interrupt rates, …) never reuses the snapshot: it runs
 * from the start, and the sweep says so once.
 */
final class SeedForks {

    private SeedForks() {
    }

    /** The results of {@code points} (the scenarios of one seed, in point order). */
    static List<ScenarioResult> run(List<Scenario> points, Consumer<String> say) {
        List<ScenarioResult> out = new ArrayList<>();
        Scenario first = points.getFirst();
        if (!HostSnapshot.supported(first.host())) {
            say.accept("not forking: snapshots need xmc = coherent; every run starts from boot");
            for (Scenario p : points) {
                out.add(ScenarioRunner.run(p, false));
            }
            return out;
        }
        try (ScenarioFork fork = ScenarioFork.start(first)) {
            long hypercall = ForkMatch.firstActionNs(first);
            fork.runWhileBefore(hypercall == Long.MAX_VALUE ? first.durationNs() : hypercall - 1);
            try (HostSnapshot snapshot = fork.snapshot()) {
                for (Scenario p : points) {
                    Optional<String> why = ForkMatch.settingsAfterHypercall(first, p);
                    if (why.isPresent()) {
                        say.accept("not forking: " + why.get() + "; such points run from the start");
                        out.add(ScenarioRunner.run(p, false));
                        continue;
                    }
                    fork.restore(snapshot, first);
                    fork.rebind(p);
                    out.add(fork.finish());
                }
            }
        }
        return out;
    }
}
