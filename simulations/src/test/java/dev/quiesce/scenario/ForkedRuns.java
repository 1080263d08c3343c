package dev.quiesce.scenario;

import dev.quiesce.emulator.unicorn.UnicornLibrary;
import dev.quiesce.host.fork.HostSnapshot;

import java.util.List;

/** Checks of forked runs shared with other modules' tests (history's cases): snapshots at boundaries, run on. */
public final class ForkedRuns {

    private ForkedRuns() {
    }

    /** Unicorn 2.0.x and 2.1.x, failing when either is missing. */
    public static List<UnicornLibrary> libraries() {
        return TraceHashesDoNotDependOnCountingOrUnicornTest.libraries();
    }

    /**
     * Snapshots {@code s}'s run at each of {@code atNs}, runs each on and restores it; returns how many snapshots held
     * private code pages (a CPU had not yet observed a code store).
     */
    public static int forksExactlyAt(Scenario s, ScenarioResult full, long... atNs) {
        int withPrivatePages = 0;
        try (ScenarioFork f = ScenarioFork.start(s)) {
            long bare;
            try (HostSnapshot boot = f.snapshot()) {
                bare = boot.memoryBytes();
            }
            for (long at : atNs) {
                f.runWhileBefore(at);
                try (HostSnapshot snap = f.snapshot()) {
                    withPrivatePages += snap.memoryBytes() > bare ? 1 : 0;
                    ForkResults.assertSame(full, f.finish(), s.name() + " run on from " + snap.atNs() + "ns");
                    f.restore(snap, s);
                }
            }
            ForkResults.assertSame(full, f.finish(), s.name() + " restored to " + f.nowNs() + "ns and run on");
        }
        return withPrivatePages;
    }

}
