package dev.quiesce.sim.bench;

import dev.quiesce.hunt.Hunt;
import dev.quiesce.hunt.HuntResult;
import dev.quiesce.hunt.HuntSettings;
import dev.quiesce.hunt.OracleTarget;
import dev.quiesce.hunt.Strategy;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The hunt macro benchmark (issue 18): executions per second of {@code hunt nmi-in-patched-function}, targeted and
 * PCT, forked from snapshots of the shared prefix (docs/forking.md) and with {@code --no-fork}, each the median over
 * several hunt seeds, and their ratio, all measured in the same run. The hunt looks for an {@code AllOrNothing}
 * violation, which the scenario's Xen rendezvous never gives, so every hunt spends its whole budget; the scenario's
 * own oracles still end a run that tears a fetch. Forked and unforked hunts of one seed must agree; the benchmark
 * fails if they do not.
 */
public final class HuntBenchmark {

    /** The hunted scenario. */
    public static final String SCENARIO = "nmi-in-patched-function";

    private HuntBenchmark() {
    }

    /** Runs {@code seeds} hunt seeds of {@code budget} executions per strategy and mode, then prints the medians. */
    public static void run(int seeds, int budget, PrintWriter out) {
        out.printf(Locale.ROOT, "hunt benchmark: %s, oracle AllOrNothing, budget %d, hunt seeds 1..%d, 1 thread, %d"
                + " cores%n", SCENARIO, budget, seeds, Runtime.getRuntime().availableProcessors());
        out.flush();
        hunt(Strategy.TARGETED, 1, Math.min(budget, 20), true); // warm-up: JIT, the image, the libraries
        for (Strategy s : List.of(Strategy.TARGETED, Strategy.PCT)) {
            List<Double> forked = new ArrayList<>();
            List<Double> full = new ArrayList<>();
            for (int seed = 1; seed <= seeds; seed++) {
                HuntResult f = hunt(s, seed, budget, true);
                HuntResult n = hunt(s, seed, budget, false);
                if (f.executions() != n.executions() || f.found() != n.found()) {
                    throw new IllegalStateException("hunt seed %d: forked and unforked hunts disagree (%d vs %d"
                            + " executions)".formatted(seed, f.executions(), n.executions()));
                }
                forked.add(f.executionsPerSecond());
                full.add(n.executionsPerSecond());
                out.printf(Locale.ROOT, "  %-8s hunt seed %2d: %4d executions, forked %7.1f/s, --no-fork %6.1f/s%n",
                        s.cliName(), seed, f.executions(), f.executionsPerSecond(), n.executionsPerSecond());
                out.flush();
            }
            double mf = median(forked);
            double mn = median(full);
            out.printf(Locale.ROOT, "%-8s median: forked %.1f executions/s, --no-fork %.1f executions/s, ratio %.2fx"
                    + " (target >= 10x: %s)%n", s.cliName(), mf, mn, mf / mn, mf / mn >= 10 ? "met" : "NOT met"
                    + (s == Strategy.PCT ? "; pct draws a seed per candidate, so its candidates share no prefix, only"
                    + " the booted host: docs/benchmarks.md, \"PCT on the scenario's seed\"" : ""));
            out.flush();
        }
    }

    private static HuntResult hunt(Strategy s, long seed, int budget, boolean fork) {
        return Hunt.run(new HuntSettings(SCENARIO, List.of(), OracleTarget.of("AllOrNothing"), budget, s, 1, seed,
                HuntSettings.DEFAULT_DEPTH, fork), new Hunt.Listener() { });
    }

    static double median(List<Double> xs) {
        List<Double> s = xs.stream().sorted().toList();
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }
}
