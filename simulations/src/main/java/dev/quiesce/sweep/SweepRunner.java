package dev.quiesce.sweep;

import dev.quiesce.scenario.RunThreads;
import dev.quiesce.scenario.Scenario;
import dev.quiesce.scenario.ScenarioRunner;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * Runs a {@link SweepPlan}: every (point, seed) run on a pool of {@code threads} workers, each run an independent,
 * deterministic emulated host; the results are then aggregated in (point, seed) order, never in the order runs
 * finish, so the rows are the same whatever the thread count.
 */
public final class SweepRunner {

    /** Violating runs kept for their replay lines. */
    public static final int FINDINGS = 5;

    private SweepRunner() {
    }

    /**
     * Runs {@code plan}, whose points' scenarios {@code bases} were validated; {@code done} hears of every finished
     * run (its point's index) from the worker that ran it.
     */
    public static SweepResult run(SweepPlan plan, List<Scenario> bases, int threads, IntConsumer done) {
        return run(plan, bases, threads, done, false, line -> { });
    }

    /**
     * As {@link #run(SweepPlan, List, int, IntConsumer)}; with {@code fork}, the runs of one seed share the prefix up
     * to the hypercall ({@link SeedForks}, docs/forking.md), and {@code say} hears once why a run could not fork.
     * The rows are the same either way.
     */
    public static SweepResult run(SweepPlan plan, List<Scenario> bases, int threads, IntConsumer done, boolean fork,
                                  Consumer<String> say) {
        return run(plan, bases, threads, done, fork, say, true);
    }

    /**
     * As {@link #run(SweepPlan, List, int, IntConsumer, boolean, Consumer)}; with {@code shareThreads} the runs in
     * flight share the sweep's threads ({@link RunThreads}), without it each run also starts its scenario's own
     * {@code threads} (the path before issue 18, which {@code bench sweep} measures). The rows are the same either way.
     */
    public static SweepResult run(SweepPlan plan, List<Scenario> bases, int threads, IntConsumer done, boolean fork,
                                  Consumer<String> say, boolean shareThreads) {
        if (threads < 1) {
            throw new IllegalArgumentException("--threads must be at least 1, not " + threads);
        }
        List<SweepPoint> points = plan.points();
        AtomicInteger worker = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "sweep-" + worker.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        AtomicBoolean said = new AtomicBoolean();
        Consumer<String> once = line -> {
            if (!said.getAndSet(true)) {
                say.accept(line);
            }
        };
        try {
            List<Future<List<RunSummary>>> futures = new ArrayList<>(); // per (point, seed) run without forking
            List<List<RunSummary>> bySeedForked = new ArrayList<>(); // per seed, in point order, when forking
            if (fork) {
                // one reused host per worker: worker w takes seeds w, w + threads, … (the rows do not depend on it)
                int workers = Math.min(threads, plan.seeds());
                List<Future<List<List<RunSummary>>>> perWorker = new ArrayList<>();
                for (int w = 0; w < workers; w++) {
                    int first = w;
                    perWorker.add(pool.submit(() -> {
                        List<List<RunSummary>> mine = new ArrayList<>();
                        try (SeedForks host = new SeedForks(once)) {
                            for (int j = first; j < plan.seeds(); j += workers) {
                                List<Scenario> runs = new ArrayList<>();
                                for (SweepPoint p : points) {
                                    Scenario sc = plan.scenario(p, bases.get(p.index()), j);
                                    runs.add(shareThreads ? sc.withThreads(RunThreads.perRun(threads, workers,
                                            sc.threads())) : sc);
                                }
                                List<RunSummary> out = new ArrayList<>();
                                List<dev.quiesce.scenario.ScenarioResult> results = host.seed(runs);
                                for (int i = 0; i < results.size(); i++) {
                                    out.add(RunSummary.of(results.get(i)));
                                    done.accept(points.get(i).index());
                                }
                                mine.add(out);
                            }
                        }
                        return mine;
                    }));
                }
                List<List<List<RunSummary>>> all = new ArrayList<>();
                for (Future<List<List<RunSummary>>> f : perWorker) {
                    all.add(get(f));
                }
                for (int j = 0; j < plan.seeds(); j++) {
                    List<List<RunSummary>> mine = all.get(j % workers);
                    bySeedForked.add(mine.get(j / workers));
                }
            } else {
                int inFlight = (int) Math.min(threads, (long) points.size() * plan.seeds());
                for (SweepPoint p : points) {
                    Scenario base = bases.get(p.index());
                    for (int j = 0; j < plan.seeds(); j++) {
                        int seed = j;
                        futures.add(pool.submit(() -> {
                            Scenario sc = plan.scenario(p, base, seed);
                            sc = shareThreads ? sc.withThreads(RunThreads.perRun(threads, inFlight, sc.threads())) : sc;
                            RunSummary r = RunSummary.of(ScenarioRunner.run(sc, false));
                            done.accept(p.index());
                            return List.of(r);
                        }));
                    }
                }
            }
            List<PointRow> rows = new ArrayList<>();
            List<RunSummary> findings = new ArrayList<>();
            int violating = 0;
            int k = 0;
            List<List<RunSummary>> bySeed = bySeedForked;
            for (SweepPoint p : points) {
                PointStats stats = new PointStats();
                for (int j = 0; j < plan.seeds(); j++) {
                    RunSummary r = fork ? bySeed.get(j).get(p.index()) : get(futures.get(k++)).getFirst();
                    stats.add(r);
                    if (r.violated()) {
                        violating++;
                        if (findings.size() < FINDINGS) {
                            findings.add(r);
                        }
                    }
                }
                rows.add(stats.row(p, SweepPlan.seed(bases.get(p.index()), 0)));
            }
            return new SweepResult(Pareto.mark(rows), points.size() * plan.seeds(), violating, findings);
        } finally {
            pool.shutdownNow();
        }
    }

    private static <T> T get(Future<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the sweep was interrupted", e);
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
