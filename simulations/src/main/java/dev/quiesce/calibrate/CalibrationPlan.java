package dev.quiesce.calibrate;

import dev.quiesce.scenario.Scenario;
import dev.quiesce.scenario.ScenarioLoader;
import dev.quiesce.seed.Seed;
import dev.quiesce.time.SimTime;

import java.util.ArrayList;
import java.util.List;

/**
 * What to calibrate: a scenario (file or built-in name) with its {@code --set} overrides, run over {@code seeds}
 * seeds for {@code durationNs} each with its actions, stragglers and injected interrupts dropped (they are events of
 * a scenario, not part of the workload class), into a class named {@code className} keeping at most
 * {@code maxSamples} values per distribution. Run {@code j} uses the scenario's seed + {@code j}, as a sweep does.
 *
 * @param source     the scenario's file or built-in name
 * @param sets       {@code key=value} overrides, in order
 * @param seeds      runs, at least 1
 * @param durationNs virtual time of each run
 * @param className  the workload class's name; null for the scenario's name
 * @param maxSamples values kept per distribution (deterministic thinning), at least 1
 */
public record CalibrationPlan(String source, List<String> sets, int seeds, long durationNs, String className,
                              int maxSamples) {

    /** Values kept per distribution by default. */
    public static final int MAX_SAMPLES = 4096;

    /** The overrides that leave only the workload (applied after the caller's). */
    static final List<String> WORKLOAD_ONLY = List.of("actions=[]", "stragglers=[]",
            "host.interrupts.injections=[]", "oracles=[]");

    public CalibrationPlan {
        sets = List.copyOf(sets);
        if (seeds < 1) {
            throw new IllegalArgumentException("--seeds must be at least 1, not " + seeds);
        }
        if (durationNs < 1_000 || durationNs > 10_000_000_000L) {
            throw new IllegalArgumentException("--duration " + SimTime.format(durationNs) + " is out of range;"
                    + " legal: 1us..10s");
        }
        if (maxSamples < 1) {
            throw new IllegalArgumentException("--max-samples must be at least 1, not " + maxSamples);
        }
        if (className != null && className.isBlank()) {
            throw new IllegalArgumentException("--class must not be blank");
        }
        if (className != null && !dev.quiesce.text.Untrusted.isPrintableName(className)) {
            // the name is stored in the model file and printed by every fleet report that uses it
            // (the command line's error handler prints the message escaped and cut)
            throw new IllegalArgumentException("--class '" + className + "' has control characters or is over 200"
                    + " characters: give a printable name, e.g. web");
        }
    }

    /** The scenario with only its workload (validated), whose name, host and seed the runs start from. */
    public Scenario base() {
        List<String> s = new ArrayList<>(sets);
        s.addAll(WORKLOAD_ONLY);
        return ScenarioLoader.load(source, s);
    }

    /** The scenario of run {@code j}: the workload only, this plan's duration, the base seed + {@code j}. */
    public Scenario run(Scenario base, int j) {
        List<String> s = new ArrayList<>(sets);
        s.addAll(WORKLOAD_ONLY);
        s.add("duration=" + durationNs + "ns");
        s.add("seed=\"" + Seed.format(base.seed() + j) + "\"");
        return ScenarioLoader.load(source, s);
    }

    /** The class name: the one given, else the scenario's. */
    public String className(Scenario base) {
        return className != null ? className : base.name();
    }

    /** The command line that calibrates this plan's class (stored in the model file). */
    public String commandLine() {
        StringBuilder b = new StringBuilder("quiesce calibrate ").append(source).append(" --seeds ").append(seeds)
                .append(" --duration ").append(SimTime.format(durationNs));
        for (String s : sets) {
            b.append(" --set '").append(s).append('\'');
        }
        if (className != null) {
            b.append(" --class ").append(className);
        }
        if (maxSamples != MAX_SAMPLES) {
            b.append(" --max-samples ").append(maxSamples);
        }
        return b.toString();
    }
}
