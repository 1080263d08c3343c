package dev.quiesce.hunt;

import dev.quiesce.scenario.RunThreads;
import dev.quiesce.scenario.Scenario;
import dev.quiesce.scenario.ScenarioResult;
import dev.quiesce.scenario.ScenarioRunner;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs batches of scenarios on a fixed number of threads and returns their results in the batch's order; each run
 * is independent and deterministic, so the results do not depend on the thread count. Hunts use it, and so does the
 * history corpus's fixed-variant check (module history).
 */
public final class BatchRunner implements CandidateRunner {

    private final ExecutorService pool;
    private final int threads;

    /**
     * A runner on {@code threads} threads (1: the caller's thread); with more, the runs side by side share them
     * ({@link RunThreads}: one each) instead of each starting its scenario's own on top.
     */
    public BatchRunner(int threads) {
        if (threads < 1 || threads > 256) {
            throw new IllegalArgumentException("--threads must be 1..256, not " + threads);
        }
        this.threads = threads;
        this.pool = threads == 1 ? null : Executors.newFixedThreadPool(threads, Thread.ofPlatform().daemon()
                .name("quiesce-hunt-", 0).factory());
    }

    /** Every scenario's result, in order; the first failure of a run is rethrown. */
    public List<ScenarioResult> run(List<Scenario> batch) {
        List<ScenarioResult> out = new ArrayList<>();
        if (pool == null) {
            for (Scenario s : batch) {
                out.add(ScenarioRunner.run(s, false));
            }
            return out;
        }
        List<Future<ScenarioResult>> futures = new ArrayList<>();
        for (Scenario s : batch) {
            Scenario shared = s.withThreads(RunThreads.perRun(threads, threads, s.threads()));
            futures.add(pool.submit(() -> ScenarioRunner.run(shared, false)));
        }
        out.addAll(results(futures));
        return out;
    }

    /** Waits for {@code futures} in order and returns their results; a task's runtime exception is rethrown as is. */
    static <T> List<T> results(List<? extends Future<? extends T>> futures) {
        List<T> out = new ArrayList<>(futures.size());
        try {
            for (Future<? extends T> f : futures) {
                out.add(f.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("hunt interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        }
        return out;
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
