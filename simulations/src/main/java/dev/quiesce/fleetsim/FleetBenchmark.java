package dev.quiesce.fleetsim;

import com.typesafe.config.ConfigUtil;
import dev.quiesce.fleet.scenario.FleetScenario;
import dev.quiesce.fleet.scenario.FleetScenarioLoader;
import dev.quiesce.text.Untrusted;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The fleet macro benchmark: whole rollouts of modelled hosts (every host one class of {@code cpus} CPUs, no
 * emulated canary, no halt) through the {@link dev.quiesce.fleet.rollout.RolloutCoordinator}, one per fleet size, in
 * one JVM after a warm-up: wall time, host applies per wall second, peak heap, and the wall-time ratio of the
 * largest fleet to the smallest against the ratio of their sizes. Targets: 10,000 hosts x 64 CPUs within 60 s,
 * 1,000,000 modelled CPUs within 120 s, 10k/1k wall ratio at most 11.
 */
public final class FleetBenchmark {

    /** One measured rollout. */
    record Row(int hosts, int cpus, long wallNs, long peakHeapBytes, int patched, int waves, String hash) {

        double appliesPerSecond() {
            return hosts / (wallNs / 1e9);
        }
    }

    private FleetBenchmark() {
    }

    /**
     * Measures a rollout of each of {@code hostCounts} hosts of {@code cpus} CPUs of model {@code model} (a model of
     * {@code scenario}) on {@code threads} workers, prints a row each, then the ratios and the targets.
     */
    public static void run(String scenario, List<Integer> hostCounts, int cpus, String model, int threads,
                           int warmupHosts, PrintWriter out) {
        load(scenario, 1, cpus, model, threads); // a bad --scenario or --model is one error before any output
        String shownScenario = Untrusted.show(scenario);
        out.printf(Locale.ROOT, "fleet benchmark: modelled hosts of %d CPUs (model %s of %s), protocol of %s, %d"
                + " worker threads, %d available processors, max heap %d MiB%n", cpus, Untrusted.show(model),
                shownScenario, shownScenario, threads, Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20);
        if (warmupHosts > 0) {
            Row w = measure(scenario, warmupHosts, cpus, model, threads);
            out.printf(Locale.ROOT, "warm-up: %d hosts in %.2f s%n", w.hosts(), w.wallNs() / 1e9);
        }
        out.printf(Locale.ROOT, "%8s %6s %12s %8s %12s %16s %14s %8s%n", "hosts", "cpus", "modelled-cpus", "waves",
                "wall-s", "host-applies/s", "peak-heap-MiB", "patched");
        List<Row> rows = new ArrayList<>();
        for (int n : hostCounts) {
            Row r = measure(scenario, n, cpus, model, threads);
            rows.add(r);
            out.printf(Locale.ROOT, "%8d %6d %12d %8d %12.2f %16.0f %14.0f %8d%n", r.hosts(), r.cpus(),
                    (long) r.hosts() * r.cpus(), r.waves(), r.wallNs() / 1e9, r.appliesPerSecond(),
                    r.peakHeapBytes() / 1048576.0, r.patched());
            out.flush();
        }
        verdicts(rows, out);
        out.flush();
    }

    private static void verdicts(List<Row> rows, PrintWriter out) {
        Row small = rows.stream().filter(r -> r.hosts() == 1000).findFirst().orElse(null);
        Row large = rows.stream().filter(r -> r.hosts() == 10000).findFirst().orElse(null);
        if (small != null && large != null) {
            double ratio = large.wallNs() / (double) small.wallNs();
            out.printf(Locale.ROOT, "scaling 10000/1000 hosts: wall x%.2f for x10 hosts (target <= 11): %s%n", ratio,
                    ratio <= 11 ? "met" : "NOT met");
        }
        for (Row r : rows) {
            if (r.hosts() == 10000 && r.cpus() == 64) {
                out.printf(Locale.ROOT, "10,000 hosts x 64 CPUs in %.2f s wall (target <= 60 s): %s%n",
                        r.wallNs() / 1e9, r.wallNs() <= 60e9 ? "met" : "NOT met");
            }
            if ((long) r.hosts() * r.cpus() >= 1_000_000) {
                out.printf(Locale.ROOT, "%,d modelled CPUs in %.2f s wall (target: 1,000,000 in <= 120 s): %s%n",
                        (long) r.hosts() * r.cpus(), r.wallNs() / 1e9, r.wallNs() <= 120e9 ? "met" : "NOT met");
            }
        }
    }

    /** The benchmark's fleet: {@code scenario} with one class of {@code cpus} CPUs of {@code model}, no canaries. */
    private static FleetScenario load(String scenario, int hosts, int cpus, String model, int threads) {
        // the model name is quoted as a HOCON string: a name with a quote or a brace stays one name
        return FleetScenarioLoader.load(scenario, List.of("hosts=" + hosts, "threads=" + threads,
                "classes=[{name=bench,share=1,cpus=" + cpus + ",model=" + ConfigUtil.quoteString(model) + "}]",
                "canaries.emulated=0", "canaries.classes=[]", "rollout.failure-threshold=1",
                "rollout.halt-on-violation=false"));
    }

    private static Row measure(String scenario, int hosts, int cpus, String model, int threads) {
        FleetScenario s = load(scenario, hosts, cpus, model, threads);
        System.gc();
        resetPeaks();
        long t0 = dev.quiesce.sim.WallClock.nanos();
        FleetSimulation sim = FleetSimulation.run(s);
        long wall = dev.quiesce.sim.WallClock.nanos() - t0;
        return new Row(hosts, cpus, wall, peakHeap(), sim.result().patched(), sim.result().waves().size(),
                sim.result().traceHash());
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                p.resetPeakUsage();
            }
        }
    }

    /** The sum of the heap pools' peak usage since the last reset (an upper bound of the peak heap). */
    private static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                sum += p.getPeakUsage().getUsed();
            }
        }
        return sum;
    }
}
