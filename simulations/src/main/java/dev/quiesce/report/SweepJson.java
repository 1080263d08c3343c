package dev.quiesce.report;

import dev.quiesce.json.JsonWriter;
import dev.quiesce.seed.Seed;
import dev.quiesce.sweep.PointRow;
import dev.quiesce.sweep.SweepPlan;
import dev.quiesce.sweep.Vary;
import java.util.List;

/**
 * The JSON form of a sweep's results: the plan (scenario, common sets, varied keys and values, seeds and the seed
 * rule) and one object per point with the CSV's numbers (times in ns, null where nothing was measured) and the
 * replay lines of its first violating runs.
 */
public final class SweepJson {

    private SweepJson() {
    }

    /** The document for scenario {@code name} swept by {@code plan}. */
    public static String of(String name, SweepPlan plan, List<PointRow> rows) {
        StringBuilder b = new StringBuilder("{\n");
        b.append("  \"scenario\": ").append(str(name)).append(",\n");
        b.append("  \"source\": ").append(str(plan.source())).append(",\n");
        b.append("  \"seeds\": ").append(plan.seeds()).append(",\n");
        b.append("  \"seedRule\": \"run j (0-based) of a point uses the point's scenario seed + j\",\n");
        b.append("  \"sets\": ").append(strings(plan.sets())).append(",\n");
        b.append("  \"vary\": [");
        for (int i = 0; i < plan.varies().size(); i++) {
            Vary v = plan.varies().get(i);
            b.append(i == 0 ? "\n" : ",\n").append("    {\"key\": ").append(str(v.key())).append(", \"values\": ")
                    .append(strings(v.values())).append('}');
        }
        b.append(plan.varies().isEmpty() ? "],\n" : "\n  ],\n");
        b.append("  \"points\": [");
        for (int i = 0; i < rows.size(); i++) {
            b.append(i == 0 ? "\n" : ",\n").append(point(rows.get(i)));
        }
        b.append(rows.isEmpty() ? "]\n" : "\n  ]\n").append("}\n");
        return b.toString();
    }

    private static String point(PointRow r) {
        StringBuilder vary = new StringBuilder("{");
        for (int i = 0; i < r.labels().size(); i++) {
            String l = r.labels().get(i);
            int eq = l.indexOf('=');
            vary.append(i == 0 ? "" : ", ").append(str(l.substring(0, eq))).append(": ")
                    .append(str(l.substring(eq + 1)));
        }
        vary.append('}');
        return ("    {\"point\": %d, \"vary\": %s, \"seed0\": \"%s\", \"runs\": %d, \"actions\": %d,"
                + " \"firstAttemptSuccess\": %s, \"overallSuccess\": %s, \"attemptsMean\": %s, \"attemptsP99\": %s,"
                + " \"timeToApplyNs\": {\"p50\": %s, \"p99\": %s, \"max\": %s},"
                + " \"irqsOffPauseNs\": {\"p50\": %s, \"p99\": %s, \"max\": %s},"
                + " \"lostNmis\": %d, \"violations\": %d, \"pareto\": %s, \"replay\": %s}").formatted(r.point(), vary,
                Seed.format(r.baseSeed()), r.runs(), r.actions(), num(r.firstRate()), num(r.overallRate()),
                num(r.attemptsMean()), opt(r.attemptsP99()), opt(r.applyP50()), opt(r.applyP99()), opt(r.applyMax()),
                opt(r.pauseP50()), opt(r.pauseP99()), opt(r.pauseMax()), r.lostNmis(), r.violations(), r.pareto(),
                strings(r.replays()));
    }

    private static String num(double v) {
        String s = SweepTable.fixed(v, 4);
        return s.isEmpty() ? "null" : s;
    }

    private static String opt(long v) {
        return v < 0 ? "null" : Long.toString(v);
    }

    private static String strings(List<String> xs) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < xs.size(); i++) {
            b.append(i == 0 ? "" : ", ").append(str(xs.get(i)));
        }
        return b.append(']').toString();
    }

    static String str(String s) {
        return JsonWriter.quote(s);
    }
}
