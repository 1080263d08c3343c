package dev.quiesce.hunt;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A one-off measurement, not part of the test suite (it has no test and runs for many minutes): executions to the
 * first violation of an oracle (NoTornFetch on {@code nmi-in-patched-function} unless told otherwise), for each
 * strategy, over hunt seeds 1..N, with a budget (a hunt that found nothing counts as "none"; the median treats it as
 * larger than any budget). Arguments: {@code budget hunts threads strategies [scenario=NAME] [oracle=NAME] [k=v ...]}
 * (every other {@code k=v} is a {@code --set} of the hunted scenario), e.g.
 * {@code 200 10 2 targeted,pct host.interrupts.nmi-rate-per-ms=0}. Run with the test classpath:
 * {@code java -cp simulations/target/test-classes:simulations/target/quiesce.jar:simulations/target/lib/*
 * dev.quiesce.hunt.StrategyComparison 200 10 2 targeted,pct host.interrupts.nmi-rate-per-ms=0}.
 */
public final class StrategyComparison {

    private StrategyComparison() {
    }

    public static void main(String[] args) {
        int budget = Integer.parseInt(args[0]);
        int hunts = Integer.parseInt(args[1]);
        int threads = Integer.parseInt(args[2]);
        List<Strategy> strategies = Arrays.stream(args[3].split(",")).map(Strategy::parse).toList();
        String scenario = "nmi-in-patched-function";
        String oracle = "NoTornFetch";
        List<String> sets = new ArrayList<>();
        for (String a : Arrays.copyOfRange(args, 4, args.length)) {
            if (a.startsWith("scenario=")) {
                scenario = a.substring("scenario=".length());
            } else if (a.startsWith("oracle=")) {
                oracle = a.substring("oracle=".length());
            } else {
                sets.add(a);
            }
        }
        System.out.println(scenario + ", " + oracle + ", budget " + budget + ", hunt seeds 1.." + hunts
                + ", " + threads + " threads, sets " + sets);
        for (Strategy s : strategies) {
            List<Integer> found = new ArrayList<>();
            double rate = 0;
            for (int seed = 1; seed <= hunts; seed++) {
                HuntResult r = Hunt.run(new HuntSettings(scenario, sets, OracleTarget.of(oracle),
                        budget, s, threads, seed, HuntSettings.DEFAULT_DEPTH), new Hunt.Listener() { });
                found.add(r.found() ? r.executions() : Integer.MAX_VALUE);
                rate += r.executionsPerSecond() / hunts;
                System.out.printf(Locale.ROOT, "  %s hunt-seed %d: %s (%.1f executions/s)%n", s.cliName(), seed,
                        r.found() ? r.executions() + " executions" : "none in " + budget, r.executionsPerSecond());
            }
            List<Integer> sorted = found.stream().sorted().toList();
            int n = sorted.size();
            double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) / 2.0 + sorted.get(n / 2) / 2.0);
            long hits = found.stream().filter(x -> x != Integer.MAX_VALUE).count();
            System.out.printf(Locale.ROOT, "%s: found in %d/%d hunts, executions to first violation %s, median %s,"
                    + " mean %.1f executions/s%n", s.cliName(), hits, hunts,
                    found.stream().map(x -> x == Integer.MAX_VALUE ? ">" + budget : x.toString()).toList(),
                    median >= Integer.MAX_VALUE / 2.0 ? ">" + budget : String.format(Locale.ROOT, "%.1f", median), rate);
        }
    }
}
