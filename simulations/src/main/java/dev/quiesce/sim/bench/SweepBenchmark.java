package dev.quiesce.sim.bench;

import dev.quiesce.emulator.unicorn.Counting;
import dev.quiesce.emulator.unicorn.EngineDefaults;
import dev.quiesce.emulator.unicorn.UnicornLibrary;
import dev.quiesce.scenario.Scenario;
import dev.quiesce.sim.WallClock;
import dev.quiesce.sweep.SweepPlan;
import dev.quiesce.sweep.SweepResult;
import dev.quiesce.sweep.SweepRunner;
import dev.quiesce.sweep.Vary;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * The sweep macro benchmark (issue 18): simulated applies per wall second of the straggler sweep
 * ({@code --vary barrier.timeout=1ms,2ms,5ms,10ms,30ms --vary retry=none,fixed(5,1ms),exponential}), with the points
 * of a seed forked at the hypercall on reused hosts (docs/forking.md) and every run booted as before, and their ratio,
 * measured in the same run; then, where Unicorn 2.0.x is present, the path before issue 18 (every run booted, 2.0.x with
 * per-instruction counting, a barrier after every quantum, each run's own dispatcher threads on top of the sweep's)
 * and the ratio to it. The sweeps must give the same rows; the benchmark fails if they do not. Peak memory
 * is a process's: measure each mode with {@code quiesce sweep … [--no-fork]} under {@code /usr/bin/time -f %M}.
 */
public final class SweepBenchmark {

    private SweepBenchmark() {
    }

    /** Runs the sweep with {@code seeds} seeds per point on {@code threads} threads, forked and not. */
    public static void run(int seeds, int threads, PrintWriter out) {
        SweepPlan plan = new SweepPlan("straggler", List.of(), List.of(
                Vary.parse("barrier.timeout=1ms,2ms,5ms,10ms,30ms"), Vary.parse("retry=none,fixed(5,1ms),exponential")),
                seeds);
        List<Scenario> bases = plan.validate();
        out.printf(Locale.ROOT, "sweep benchmark: straggler, 15 points x %d seeds = %d runs, %d threads, %d cores%n",
                seeds, 15 * seeds, threads, Runtime.getRuntime().availableProcessors());
        out.flush();
        long t0 = WallClock.nanos();
        SweepResult forked = SweepRunner.run(plan, bases, threads, p -> { }, true, line -> out.println("  " + line));
        double forkedS = (WallClock.nanos() - t0) / 1e9;
        out.printf(Locale.ROOT, "  forked + reused hosts: %.1f s, %.2f applies/s%n", forkedS, forked.runs() / forkedS);
        out.flush();
        long t1 = WallClock.nanos();
        SweepResult full = SweepRunner.run(plan, bases, threads, p -> { }, false, line -> { });
        double fullS = (WallClock.nanos() - t1) / 1e9;
        out.printf(Locale.ROOT, "  every run from boot:   %.1f s, %.2f applies/s%n", fullS, full.runs() / fullS);
        if (!forked.rows().equals(full.rows())) {
            throw new IllegalStateException("the forked sweep's rows differ from the sweep from boot");
        }
        out.printf(Locale.ROOT, "ratio %.2fx (the same rows)%n", fullS / forkedS);
        out.flush();
        UnicornLibrary old = UnicornLibrary.available().stream().filter(l -> !l.atLeast(2, 1)).findFirst().orElse(null);
        if (old == null) {
            out.println("no Unicorn 2.0.x here: the path before issue 18 (2.0.x, per-instruction counting) is not measured");
            return;
        }
        // before issue 18 a host also had a barrier after every quantum (no spans, docs/architecture.md §3 rule 8),
        // and each run started its scenario's dispatcher threads on top of the sweep's (no RunThreads)
        SweepPlan oldPlan = new SweepPlan("straggler", List.of("host.barrier-batch=1"), plan.varies(), seeds);
        List<Scenario> oldBases = oldPlan.validate();
        long t2 = WallClock.nanos();
        SweepResult before = EngineDefaults.with(old, Counting.INSTRUCTION,
                () -> SweepRunner.run(oldPlan, oldBases, threads, p -> { }, false, line -> { }, false));
        double beforeS = (WallClock.nanos() - t2) / 1e9;
        out.printf(Locale.ROOT, "  the path before issue 18 (every run from boot, Unicorn %s, per-instruction counting, a"
                + " barrier after every quantum, each run's own threads):"
                + " %.1f s, %.2f applies/s%n", old.version(), beforeS, before.runs() / beforeS);
        if (!before.rows().equals(full.rows())) {
            throw new IllegalStateException("the sweep on Unicorn " + old.version() + " gives other rows");
        }
        out.printf(Locale.ROOT, "ratio to it %.2fx (the same rows; target >= 5x)%n", beforeS / forkedS);
        out.flush();
    }
}
