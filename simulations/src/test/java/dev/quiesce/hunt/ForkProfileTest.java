package dev.quiesce.hunt;

import dev.quiesce.host.fork.HostSnapshot;
import dev.quiesce.random.SeedStream;
import dev.quiesce.scenario.Scenario;
import dev.quiesce.scenario.ScenarioFork;
import dev.quiesce.scenario.ScenarioLoader;
import dev.quiesce.scenario.ScenarioResult;
import dev.quiesce.scenario.ScenarioRunner;
import org.junit.jupiter.api.Test;

import java.util.List;

class ForkProfileTest {
    @Test
    void profile() {
        Scenario base = ScenarioLoader.load("nmi-in-patched-function", List.of());
        ScenarioResult probe = ScenarioRunner.run(base, false);
        TargetedPlacements t = new TargetedPlacements(base, ProtocolTimes.of(probe), SeedStream.root(3).child("targeted"));
        long t0 = System.nanoTime();
        try (ScenarioFork f = ScenarioFork.start(base)) {
            System.out.println("boot " + (System.nanoTime() - t0) / 1e6 + " ms");
            t0 = System.nanoTime();
            HostSnapshot s0 = f.snapshot();
            System.out.println("snapshot " + (System.nanoTime() - t0) / 1e6 + " ms, objects " + s0.objects() + ", bytes " + s0.memoryBytes());
            t0 = System.nanoTime();
            f.runWhileBefore(58560);
            System.out.println("prefix " + (System.nanoTime() - t0) / 1e6 + " ms to " + f.nowNs());
            t0 = System.nanoTime();
            HostSnapshot s = f.snapshot();
            System.out.println("snapshot2 " + (System.nanoTime() - t0) / 1e6 + " ms");
            t0 = System.nanoTime();
            f.finish();
            System.out.println("base suffix " + (System.nanoTime() - t0) / 1e6 + " ms");
            f.restore(s, base);
            t0 = System.nanoTime();
            f.finish();
            System.out.println("base suffix after restore " + (System.nanoTime() - t0) / 1e6 + " ms");
            t0 = System.nanoTime();
            for (int i = 1; i < 21; i++) {
                ScenarioLoader.load("nmi-in-patched-function", Hunt.apply(List.of(), t.candidate(i)));
            }
            System.out.println("load " + (System.nanoTime() - t0) / 20 / 1e6 + " ms");
            long restore = 0, run = 0, endSum = 0;
            for (int i = 1; i < 60; i++) {
                Scenario c = ScenarioLoader.load("nmi-in-patched-function", Hunt.apply(List.of(), t.candidate(i)));
                long a = System.nanoTime();
                f.restore(s, base);
                f.adopt(c);
                long b = System.nanoTime();
                ScenarioResult r = f.finish();
                long e = System.nanoTime();
                restore += b - a;
                run += e - b;
                endSum += r.endNs();
            }
            System.out.println("per candidate: restore " + restore / 59 / 1e6 + " ms, run " + run / 59 / 1e6 + " ms, mean end " + endSum / 59);
            t0 = System.nanoTime();
            for (int i = 0; i < 20; i++) {
                f.restore(s, base);
            }
            System.out.println("bare restore " + (System.nanoTime() - t0) / 20 / 1e6 + " ms");
        }
        t0 = System.nanoTime();
        for (int i = 1; i < 6; i++) {
            ScenarioRunner.run(ScenarioLoader.load("nmi-in-patched-function", Hunt.apply(List.of(), t.candidate(i))), false);
        }
        System.out.println("full run " + (System.nanoTime() - t0) / 5 / 1e6 + " ms");
    }
}
