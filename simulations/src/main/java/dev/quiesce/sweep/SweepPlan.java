package dev.quiesce.sweep;

import dev.quiesce.scenario.Scenario;
import dev.quiesce.scenario.ScenarioLoader;
import dev.quiesce.seed.Seed;

import java.util.ArrayList;
import java.util.List;

/**
 * What a sweep runs: scenario {@code source} with the common {@code sets}, at every point of the cross product of
 * the {@code varies}, each over {@code seeds} seeds. Seed {@code j} (0-based) of a point is that point's scenario
 * seed + {@code j}: every point sees the same seeds (a paired comparison), and a (point, seed) run is the same
 * whatever the thread count or the order runs finish in.
 *
 * @param source the scenario's file or built-in name
 * @param sets   {@code key=value} overrides applied to every point, before the point's own values
 * @param varies the swept keys, in order (the first changes slowest)
 * @param seeds  seeds per point, at least 1
 */
public record SweepPlan(String source, List<String> sets, List<Vary> varies, int seeds) {

    /** The most runs (points × seeds) one sweep makes: each point's scenario is loaded and its rows kept. */
    public static final long MAX_RUNS = 100_000;

    public SweepPlan {
        sets = List.copyOf(sets);
        varies = List.copyOf(varies);
        if (seeds < 1) {
            throw new IllegalArgumentException("--seeds must be at least 1, not " + seeds);
        }
        long runs = seeds;
        for (Vary v : varies) {
            runs *= v.values().size();
            if (runs > MAX_RUNS) {
                throw new IllegalArgumentException("the sweep would make more than " + MAX_RUNS + " runs (points x"
                        + " seeds): vary fewer values, or split it into several sweeps");
            }
        }
    }

    /** The points of the cross product, in order. */
    public List<SweepPoint> points() {
        List<SweepPoint> out = new ArrayList<>();
        int n = 1;
        for (Vary v : varies) {
            n = Math.multiplyExact(n, v.values().size());
        }
        for (int i = 0; i < n; i++) {
            List<String> labels = new ArrayList<>();
            List<String> pointSets = new ArrayList<>(sets);
            int rest = i;
            int stride = n;
            for (Vary v : varies) {
                stride /= v.values().size();
                String value = v.values().get(rest / stride);
                rest %= stride;
                labels.add(v.key() + "=" + value);
                pointSets.add(v.set(value));
            }
            out.add(new SweepPoint(i, labels, pointSets));
        }
        return out;
    }

    /**
     * Loads every point's scenario before anything runs: the first invalid one fails with the loader's message
     * (file:line, key, legal values), prefixed by the point.
     */
    public List<Scenario> validate() {
        List<Scenario> out = new ArrayList<>();
        for (SweepPoint p : points()) {
            try {
                out.add(ScenarioLoader.load(source, p.sets()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("sweep point " + p.label() + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    /** The seed of run {@code j} of a point whose scenario is {@code base}. */
    public static long seed(Scenario base, int j) {
        return base.seed() + j;
    }

    /** The scenario of run {@code j} of point {@code p}: its sets and {@code seed="0x..."} last. */
    public Scenario scenario(SweepPoint p, Scenario base, int j) {
        List<String> s = new ArrayList<>(p.sets());
        s.add("seed=\"" + Seed.format(seed(base, j)) + "\"");
        return ScenarioLoader.load(source, s);
    }
}
