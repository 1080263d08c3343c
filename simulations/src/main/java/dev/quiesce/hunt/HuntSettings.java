package dev.quiesce.hunt;

import java.util.List;

/**
 * What to hunt: a scenario with its overrides, the oracle to violate, how many executions at most, the strategy,
 * the threads running candidates side by side, the hunt seed the strategy's choices come from, and PCT's depth.
 *
 * @param source   the scenario's file or built-in name
 * @param sets     its {@code --set} overrides, in order
 * @param oracle   the oracle a candidate must violate
 * @param budget   executions at most (the probe included), 1..10,000,000
 * @param strategy how candidates differ
 * @param threads  candidates run at once (the answer does not depend on it), 1..256
 * @param huntSeed the root of the strategy's choices ({@code SeedStream.root(huntSeed).child(strategy)})
 * @param depth    interrupts per PCT candidate, 1..64
 * @param fork     whether candidates fork from snapshots of the scenario's shared prefix (docs/forking.md) rather
 *                 than run from the start ({@code --no-fork}: the baseline; the answer is the same)
 */
public record HuntSettings(String source, List<String> sets, OracleTarget oracle, int budget, Strategy strategy,
                           int threads, long huntSeed, int depth, boolean fork) {

    /** A hunt whose candidates fork (the default). */
    public HuntSettings(String source, List<String> sets, OracleTarget oracle, int budget, Strategy strategy,
                        int threads, long huntSeed, int depth) {
        this(source, sets, oracle, budget, strategy, threads, huntSeed, depth, true);
    }

    /** The same hunt, forking or not. */
    public HuntSettings withFork(boolean f) {
        return new HuntSettings(source, sets, oracle, budget, strategy, threads, huntSeed, depth, f);
    }

    /** PCT's default number of interrupts per candidate. */
    public static final int DEFAULT_DEPTH = 3;

    public HuntSettings {
        sets = List.copyOf(sets);
        if (budget < 1 || budget > 10_000_000) {
            throw new IllegalArgumentException("--budget must be 1..10000000 executions, not " + budget);
        }
        if (threads < 1 || threads > 256) {
            throw new IllegalArgumentException("--threads must be 1..256, not " + threads);
        }
        if (depth < 1 || depth > 64) {
            throw new IllegalArgumentException("--depth must be 1..64, not " + depth);
        }
    }
}
