package dev.quiesce.calibrate;

import dev.quiesce.scenario.Scenario;
import dev.quiesce.scenario.ScenarioLoader;
import dev.quiesce.scenario.ScenarioRunner;
import dev.quiesce.seed.Seed;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Measures how long one iteration of a straggler's non-preemptible work ({@code do_long_work}) takes on a class's
 * emulated CPUs: two runs with the same seed, every CPU given {@value #SHORT} or {@value #LONG} iterations at
 * {@value #AT_NS} ns. The runs are identical up to the stall, and the CPU's next activity after it is the same, so
 * the quiescence gap that holds the stall (handlers left out) differs by exactly the extra iterations' time. The
 * median over CPUs, in ns per iteration.
 */
final class StallCost {

    static final long AT_NS = 20_000;
    static final long SHORT = 1_000;
    static final long LONG = 41_000;

    /** Instructions per iteration assumed only to size the runs (the loop has about 5). */
    private static final long SIZING_INSTRUCTIONS = 16;

    private StallCost() {
    }

    /** Ns per straggler iteration on the CPUs of {@code plan}'s scenario {@code base}. */
    static double nsPerIteration(CalibrationPlan plan, Scenario base) {
        long[][] a = gaps(plan, base, SHORT);
        long[][] b = gaps(plan, base, LONG);
        List<Double> perCpu = new ArrayList<>();
        for (int c = 0; c < a.length; c++) {
            int n = Math.min(a[c].length, b[c].length);
            for (int i = 0; i < n; i++) {
                if (a[c][i] != b[c][i]) {
                    perCpu.add((b[c][i] - a[c][i]) / (double) (LONG - SHORT));
                    break;
                }
            }
        }
        if (perCpu.isEmpty()) {
            throw new IllegalStateException("calibrate " + plan.source() + ": no CPU reached a quiescence point after"
                    + " a straggler's work; cannot measure its cost per iteration");
        }
        double[] sorted = perCpu.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double median = sorted[sorted.length / 2];
        if (!(median > 0)) {
            throw new IllegalStateException("calibrate " + plan.source() + ": measured " + Arrays.toString(sorted)
                    + " ns per straggler iteration; expected positive values");
        }
        return median;
    }

    private static long[][] gaps(CalibrationPlan plan, Scenario base, long iterations) {
        int cpus = base.host().cpus();
        StringBuilder stragglers = new StringBuilder("stragglers=[");
        for (int c = 0; c < cpus; c++) {
            stragglers.append(c == 0 ? "" : ",").append("{cpu=").append(c).append(",at=").append(AT_NS)
                    .append("ns,iterations=").append(iterations).append('}');
        }
        long ps = base.host().cpu().picosPerInstruction();
        long durationNs = AT_NS + LONG * SIZING_INSTRUCTIONS * ps / 1000 + 100_000;
        List<String> sets = new ArrayList<>(plan.sets());
        sets.addAll(CalibrationPlan.WORKLOAD_ONLY);
        sets.add(stragglers.append(']').toString());
        sets.add("duration=" + durationNs + "ns");
        sets.add("seed=\"" + Seed.format(base.seed()) + "\"");
        Scenario s = ScenarioLoader.load(plan.source(), sets);
        return TraceSamples.gapSequences(ScenarioRunner.run(s, true).trace(), cpus, durationNs);
    }
}
