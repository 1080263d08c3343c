package dev.quiesce.calibrate;

import dev.quiesce.fleet.model.CpuModel;
import dev.quiesce.fleet.model.Empirical;
import dev.quiesce.scenario.Scenario;
import dev.quiesce.scenario.ScenarioRunner;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Runs a {@link CalibrationPlan}: every seed's emulated host on a pool of workers (each run independent and
 * deterministic), then merges the runs' {@link TraceSamples} in seed order into a {@link CpuModel} — the same model
 * whatever the thread count. A distribution with no sample (no NMI seen) is the single value 0 at rate 0. The cost
 * of a straggler's iteration is measured alongside ({@link StallCost}).
 */
public final class Calibrator {

    private Calibrator() {
    }

    /** Calibrates {@code plan} on {@code threads} workers; {@code done} hears of each finished run (its seed index). */
    public static Calibration run(CalibrationPlan plan, int threads, IntConsumer done) {
        if (threads < 1) {
            throw new IllegalArgumentException("--threads must be at least 1, not " + threads);
        }
        Scenario base = plan.base();
        List<Scenario> runs = new ArrayList<>();
        for (int j = 0; j < plan.seeds(); j++) {
            runs.add(plan.run(base, j));
        }
        AtomicInteger worker = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "calibrate-" + worker.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            Future<Double> stall = pool.submit(() -> StallCost.nsPerIteration(plan, base));
            List<Future<TraceSamples>> futures = new ArrayList<>();
            for (int j = 0; j < runs.size(); j++) {
                Scenario s = runs.get(j);
                int index = j;
                futures.add(pool.submit(() -> {
                    TraceSamples t = TraceSamples.of(ScenarioRunner.run(s, true).trace(), s.host().cpus(),
                            s.durationNs());
                    done.accept(index);
                    return t;
                }));
            }
            List<TraceSamples> samples = new ArrayList<>();
            for (Future<TraceSamples> f : futures) {
                samples.add(get(f));
            }
            return fit(plan.className(base), plan, samples, get(stall));
        } finally {
            pool.shutdownNow();
        }
    }

    /** The model of class {@code name} from {@code runs}' samples, merged in the given order. */
    static Calibration fit(String name, CalibrationPlan plan, List<TraceSamples> runs, double stallNsPerIteration) {
        TraceSamples.Samples gaps = new TraceSamples.Samples();
        TraceSamples.Samples irq = new TraceSamples.Samples();
        TraceSamples.Samples nmi = new TraceSamples.Samples();
        long irqs = 0;
        long nmis = 0;
        long cpuTime = 0;
        for (TraceSamples t : runs) {
            gaps.addAll(t.gapsNs());
            irq.addAll(t.irqDurationsNs());
            nmi.addAll(t.nmiDurationsNs());
            irqs += t.irqArrivals();
            nmis += t.nmiArrivals();
            cpuTime += t.cpuTimeNs();
        }
        long[] g = gaps.sorted();
        if (g.length == 0) {
            throw new IllegalArgumentException("calibrate " + plan.source() + ": no CPU passed two quiescence points"
                    + " in " + runs.size() + " runs; lengthen --duration or use more --seeds");
        }
        long[] i = irq.sorted();
        long[] n = nmi.sorted();
        double perMs = cpuTime / 1e6;
        CpuModel model = new CpuModel(name, Empirical.of(Thinning.toAtMost(g, plan.maxSamples())),
                i.length == 0 ? 0 : irqs / perMs, distribution(i, plan.maxSamples()),
                n.length == 0 ? 0 : nmis / perMs, distribution(n, plan.maxSamples()), stallNsPerIteration);
        return new Calibration(model, plan.commandLine(), runs.size(), cpuTime, g.length, i.length, n.length);
    }

    private static Empirical distribution(long[] sorted, int max) {
        return Empirical.of(sorted.length == 0 ? new long[] {0} : Thinning.toAtMost(sorted, max));
    }

    private static <T> T get(Future<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the calibration was interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
