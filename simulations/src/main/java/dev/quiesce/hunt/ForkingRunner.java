package dev.quiesce.hunt;

import dev.quiesce.scenario.ForkMatch;
import dev.quiesce.scenario.RunThreads;
import dev.quiesce.scenario.Scenario;
import dev.quiesce.scenario.ScenarioResult;
import dev.quiesce.scenario.ScenarioRunner;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Runs a hunt's candidates forked from snapshots of the hunted scenario's run (docs/forking.md): one booted host with
 * its {@link PrefixTree} per thread, each taking a contiguous share of a batch ordered by divergence time, so nearby
 * candidates share snapshots. A candidate with a seed of its own (PCT's) shares no prefix: it runs on the reused host
 * from its boot snapshot, reseeded. A candidate that differs in anything else runs from the start; the runner says
 * either once. Results come back in the batch's
 * order and equal those of {@link BatchRunner} (the property test {@code ForkedHuntMatchesFullRunsTest}).
 */
final class ForkingRunner implements CandidateRunner {

    private final Scenario base;
    private final int runThreads;
    private final PrefixTree[] trees;
    private final ExecutorService pool;
    private final Consumer<String> say;
    private boolean said;
    private volatile boolean unsnapshottable; // a snapshot failed: every later candidate runs from the start

    /** A runner of candidates of {@code base} on {@code threads} threads; {@code say} hears a fallback once. */
    ForkingRunner(Scenario base, int threads, Consumer<String> say) {
        this.runThreads = RunThreads.perRun(threads, threads, base.threads()); // the workers share the threads
        this.base = base.withThreads(runThreads);
        this.trees = new PrefixTree[threads];
        this.say = say;
        this.pool = threads == 1 ? null : Executors.newFixedThreadPool(threads, Thread.ofPlatform().daemon()
                .name("quiesce-fork-", 0).factory());
    }

    @Override
    public List<ScenarioResult> run(List<Scenario> candidates) {
        List<Scenario> batch = candidates.stream().map(c -> c.withThreads(runThreads)).toList();
        ScenarioResult[] out = new ScenarioResult[batch.size()];
        List<Integer> forked = new ArrayList<>();
        List<Integer> full = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            Optional<String> why = ForkMatch.seedAndInjectionsOnly(base, batch.get(i));
            if (why.isEmpty()) {
                forked.add(i);
                if (batch.get(i).seed() != base.seed()) {
                    tell("not forking: candidates with seeds of their own share no prefix; each runs on the reused"
                            + " booted host from its boot snapshot");
                }
            } else {
                full.add(i);
                tell("not forking: " + why.get() + "; such candidates run from the start");
            }
        }
        forked.sort(Comparator.comparingLong(i -> ForkMatch.firstAddedNs(base, batch.get(i))));
        int workers = trees.length;
        List<List<Integer>> shares = new ArrayList<>();
        List<Integer> all = new ArrayList<>(forked);
        all.addAll(full);
        for (int w = 0; w < workers; w++) {
            int from = all.size() * w / workers;
            int to = all.size() * (w + 1) / workers;
            shares.add(all.subList(from, to));
        }
        if (pool == null) {
            runShare(0, shares.get(0), batch, full, out);
            return Arrays.asList(out);
        }
        List<Future<?>> futures = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            int worker = w;
            futures.add(pool.submit(() -> runShare(worker, shares.get(worker), batch, full, out)));
        }
        BatchRunner.results(futures);
        return Arrays.asList(out);
    }

    /** Says {@code line} if nothing was said yet (one remark per hunt). */
    private synchronized void tell(String line) {
        if (!said) {
            said = true;
            say.accept(line);
        }
    }

    private void runShare(int worker, List<Integer> share, List<Scenario> batch, List<Integer> full,
                          ScenarioResult[] out) {
        for (int i : share) {
            Scenario s = batch.get(i);
            if (full.contains(i) || unsnapshottable) {
                out[i] = ScenarioRunner.run(s, false);
                continue;
            }
            try {
                if (trees[worker] == null) {
                    trees[worker] = new PrefixTree(base);
                }
                out[i] = trees[worker].run(s);
            } catch (dev.quiesce.host.fork.Unsnapshottable e) {
                unsnapshottable = true;
                if (trees[worker] != null) {
                    trees[worker].close();
                    trees[worker] = null;
                }
                tell("not forking: " + e.getMessage() + "; every candidate runs from the start");
                out[i] = ScenarioRunner.run(s, false);
            }
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
        for (PrefixTree t : trees) {
            if (t != null) {
                t.close();
            }
        }
    }
}
