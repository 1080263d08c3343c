package dev.quiesce.sim.bench;

import dev.quiesce.host.actor.HostRunner;
import dev.quiesce.host.HostReport;
import dev.quiesce.host.HostSettings;
import dev.quiesce.host.CpuSummary;
import dev.quiesce.emulator.unicorn.Counting;
import dev.quiesce.emulator.unicorn.EngineDefaults;
import dev.quiesce.emulator.unicorn.UnicornEngines;
import dev.quiesce.emulator.unicorn.UnicornLibrary;
import dev.quiesce.time.SuppressForbidden;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The emulation macro benchmark: the same guest workload on each emulator configuration this machine offers — the
 * per-instruction counting of Unicorn 2.0.x as the baseline, block counting on 2.0.x and on 2.1.x (and
 * per-instruction on 2.1.x) — each (a) as raw counted runs of an engine with nothing around them, in runs of one
 * lockstep quantum's instructions (4,000 by default) and as one long run, and (b) through the
 * host lockstep (CPU actors, quanta, interrupts, quiescence hooks, event sorting and hashing) with 1 CPU and with 8
 * CPUs on 2 threads; all measured in one process, so the ratios compare like with like. Targets: the best
 * configuration's 1-CPU lockstep at least 3× the baseline's, and each lockstep at least 0.75 of the raw run with the
 * same counting. With a user guest (a scenario's {@code guest { … }} block, docs/own-code.md), (c) runs that guest's
 * workload through the lockstep with 8 CPUs on the preferred configuration and prints its ratio to the built-in
 * guest's 8-CPU run there. The parallel target: the best configuration's 8 CPUs on 2 threads at least 1.7 times its
 * 1-CPU run, both over the same virtual time in the steady state ({@link SteadyLockstep}; docs/benchmarks.md); beside
 * it, raw engines in the same shapes — one engine, eight taking turns on one thread, eight on two ({@link RawRuns}) —
 * measured in the same rounds, give the ceiling this machine and Unicorn set for that ratio.
 */
@SuppressForbidden("a benchmark measures wall-clock time")
public final class EmulationBenchmark {

    /** The seed of every host the benchmark boots. */
    static final long SEED = 0x5eedL;

    private EmulationBenchmark() {
    }

    /** One emulator configuration: a library and a counting scheme. */
    record Config(UnicornLibrary lib, Counting counting) {
        String name() {
            return "Unicorn " + lib.version() + ", " + counting.cliName();
        }
    }

    /** Runs the benchmark with {@code instructions} per measurement, best of {@code repeat}. */
    public static void run(long instructions, int repeat, PrintWriter out) {
        run(instructions, repeat, null, null, out);
    }

    /**
     * Runs the benchmark and, when {@code user} is not null, the user guest it holds (named {@code userName}) as (c):
     * 8 CPUs on 2 threads, {@code instructions / 8} per CPU, best of {@code repeat} after a warm-up.
     */
    public static void run(long instructions, int repeat, HostSettings user, String userName, PrintWriter out) {
        HostSettings defaults = HostSettings.defaults();
        List<Config> configs = configs();
        out.printf(Locale.ROOT, "emulation benchmark: %,d guest instructions per measurement, best of %d after a warm-up, %d cores%n",
                instructions, repeat, Runtime.getRuntime().availableProcessors());
        out.println("libraries: " + String.join(", ", UnicornLibrary.available().stream().map(UnicornLibrary::describe).toList()));
        out.flush();
        List<double[]> results = new ArrayList<>();
        for (Config c : configs) {
            results.add(measure(c, defaults, instructions, repeat));
        }
        out.printf(Locale.ROOT, "raw runs of %,d instructions (one lockstep quantum, %s) and one long raw run, each with"
                + " the configuration's counting; lockstep: 1 CPU on 1 thread, 8 CPUs on 2 threads%n",
                quantumInstructions(defaults), dev.quiesce.time.SimTime.format(defaults.quantumNs()));
        out.printf(Locale.ROOT, "%-38s %14s %14s %14s %13s %12s %14s%n", "configuration", "raw, quanta", "raw, one run",
                "lockstep 1 CPU", "lockstep/raw", "vs baseline", "8 CPUs");
        double baseline = results.getFirst()[1];
        int best = 0;
        boolean rawRatioMet = true;
        for (int i = 0; i < configs.size(); i++) {
            double[] r = results.get(i);
            out.printf(Locale.ROOT, "%-38s %9.1f MIPS %9.1f MIPS %9.1f MIPS %13.2f %11.2fx %9.1f MIPS%n",
                    configs.get(i).name() + (i == 0 ? " (baseline)" : ""), r[0], r[3], r[1], r[1] / r[0],
                    r[1] / baseline, r[2]);
            if (r[1] > results.get(best)[1]) {
                best = i;
            }
            rawRatioMet &= configs.get(i).counting() == Counting.INSTRUCTION || r[1] / r[0] >= 0.75;
        }
        double speedup = results.get(best)[1] / baseline;
        out.printf(Locale.ROOT, "raw Unicorn, count-limited, no hooks: %s%n", String.join(", ", configs.stream()
                .map(Config::lib).distinct().map(l -> String.format(Locale.ROOT, "%s %.1f MIPS", l.version(),
                        RawRuns.uncountedMips(l, defaults.withCpus(1), instructions))).toList()));
        out.println("block counting, all runs above: " + UnicornEngines.blockCountingTallies());
        out.printf(Locale.ROOT, "target: lockstep (1 CPU) >= 3x the baseline: %s (%s: %.2fx)%n",
                speedup >= 3 ? "met" : "NOT met", configs.get(best).name(), speedup);
        out.printf(Locale.ROOT, "target: block-counted lockstep >= 0.75 of the raw runs (quanta) with the same counting: %s%n",
                rawRatioMet ? "met" : "NOT met");
        double whole = results.get(best)[2] / results.get(best)[1];
        out.flush();
        Config c = configs.get(best);
        // each round measures the lockstep and the raw engines back to back, so both see the machine as it is then
        long quantum = quantumInstructions(defaults);
        int turn = dev.quiesce.host.actor.HostActor.CHUNK;
        double[] steady = new double[2];
        double[] raw = new double[3];
        EngineDefaults.with(c.lib(), c.counting(), () -> {
            SteadyLockstep.mips(defaults.withCpus(8), SEED, instructions / 32, 2); // warm-up of this code path
            for (int i = 0; i < repeat; i++) {
                steady[0] = Math.max(steady[0], SteadyLockstep.mips(defaults.withCpus(1), SEED, instructions, 1));
                // the same window of virtual time as the 1-CPU run: each of the 8 CPUs retires `instructions`
                steady[1] = Math.max(steady[1], SteadyLockstep.mips(defaults.withCpus(8), SEED, instructions, 2));
                raw[0] = Math.max(raw[0], RawRuns.sharedMips(c, defaults, 1, 1, instructions / 2, quantum, turn));
                raw[1] = Math.max(raw[1], RawRuns.sharedMips(c, defaults, 8, 1, instructions / 8, quantum, turn));
                raw[2] = Math.max(raw[2], RawRuns.sharedMips(c, defaults, 8, 2, instructions / 8, quantum, turn));
            }
            return null;
        });
        double parallel = steady[1] / steady[0];
        out.printf(Locale.ROOT, "parallel lockstep (%s), steady state (the same %s of virtual time per CPU, timed after %s"
                + " of the same run: boot, engines and first translations left out): 1 CPU %.1f MIPS, 8 CPUs on 2 threads"
                + " %.1f MIPS = %.2f (target >= 1.7 on 2 idle cores: %s); whole runs as in the table: %.2f%n", c.name(),
                dev.quiesce.time.SimTime.format(instructions * defaults.cpu().picosPerInstruction() / 1000),
                dev.quiesce.time.SimTime.format(SteadyLockstep.WARM_UP_NS), steady[0], steady[1], parallel,
                parallel >= 1.7 ? "met" : "NOT met", whole);
        double ceiling = raw[2] / raw[0];
        out.printf(Locale.ROOT, "    this machine's ceiling for it: raw engines of the same configuration, CPU k's workload"
                + " each, turns of %d runs of %,d instructions, no lockstep: 1 engine %.1f MIPS; 8 engines on 1 thread"
                + " %.1f MIPS (%.2f of one); 8 engines on 2 threads %.1f MIPS = %.2f; the lockstep reaches %.2f of this"
                + " ceiling (steady, 1 CPU: %.2f of the raw engine; 8 CPUs on 2 threads: %.2f of the raw engines)%n",
                turn, quantum, raw[0], raw[1], raw[1] / raw[0], raw[2], ceiling, parallel / ceiling,
                steady[0] / raw[0], steady[1] / raw[2]);
        aarch64(configs, results, best, defaults, instructions, repeat, out);
        if (user != null) {
            Config preferred = configs.get(best);
            out.flush();
            double mine = EngineDefaults.with(preferred.lib(), preferred.counting(), () -> {
                lockstepMips(user.withCpus(8), instructions / 32, 2);
                double m = 0;
                for (int i = 0; i < repeat; i++) {
                    m = Math.max(m, lockstepMips(user.withCpus(8), instructions / 8, 2));
                }
                return m;
            });
            out.printf(Locale.ROOT, "(c) your guest %s, host lockstep, 8 CPUs, 2 threads, %s   %8.1f MIPS   ratio to the"
                    + " built-in guest = %.2f%n", userName, preferred.name(), mine, mine / results.get(best)[2]);
        }
        out.flush();
    }

    /**
     * (d) The built-in guest compiled for AArch64 (docs/aarch64.md) on {@code c}'s library, host lockstep with 1 CPU and
     * 8 CPUs on 2 threads, beside x86-64's results of the same configuration and of the same counting. AArch64 engines
     * count as {@link Counting#configuredFor(UnicornLibrary, dev.quiesce.isa.Arch)} says (per instruction by default).
     */
    private static void aarch64(List<Config> configs, List<double[]> results, int best, HostSettings defaults,
                                long instructions, int repeat, PrintWriter out) {
        Config c = configs.get(best);
        HostSettings arm = defaults.withGuest(dev.quiesce.guest.GuestProgram.builtIn(dev.quiesce.isa.Arch.AARCH64));
        Counting counting = Counting.configuredFor(c.lib(), dev.quiesce.isa.Arch.AARCH64);
        out.flush();
        double[] r = EngineDefaults.with(c.lib(), counting, () -> {
            lockstepMips(arm.withCpus(1), instructions / 4, 1);
            double one = 0;
            double eight = 0;
            for (int i = 0; i < repeat; i++) {
                one = Math.max(one, lockstepMips(arm.withCpus(1), instructions, 1));
                eight = Math.max(eight, lockstepMips(arm.withCpus(8), instructions / 8, 2));
            }
            return new double[] {one, eight};
        });
        double[] x86 = results.get(best);
        out.printf(Locale.ROOT, "(d) aarch64 guest, host lockstep, Unicorn %s, %s counting: 1 CPU %.1f MIPS, 8 CPUs on 2"
                + " threads %.1f MIPS; x86-64 %s: %.2fx, %.2fx%n", c.lib().version(), counting.cliName(), r[0], r[1],
                c.name(), r[0] / x86[1], r[1] / x86[2]);
        for (int i = 0; i < configs.size(); i++) {
            if (configs.get(i).lib().equals(c.lib()) && configs.get(i).counting() == counting && i != best) {
                out.printf(Locale.ROOT, "    x86-64 with the same counting (%s): %.2fx, %.2fx%n", configs.get(i).name(),
                        r[0] / results.get(i)[1], r[1] / results.get(i)[2]);
            }
        }
    }

    /** Per-instruction counting on the oldest library first (the baseline), then the others. */
    static List<Config> configs() {
        List<UnicornLibrary> libs = new ArrayList<>(UnicornLibrary.available());
        libs.sort((a, b) -> Boolean.compare(a.atLeast(2, 1), b.atLeast(2, 1)));
        List<Config> out = new ArrayList<>();
        for (UnicornLibrary lib : libs) {
            out.add(new Config(lib, Counting.INSTRUCTION));
            out.add(new Config(lib, Counting.BLOCK));
        }
        return out;
    }

    /** Instructions in one lockstep quantum at the default speed. */
    static long quantumInstructions(HostSettings settings) {
        return Math.max(1, settings.quantumNs() * 1000 / settings.cpu().picosPerInstruction());
    }

    /**
     * {raw MIPS in quanta, 1-CPU lockstep MIPS, 8-CPU lockstep MIPS, raw MIPS in one run} of one configuration, each
     * the best of {@code repeat}.
     */
    private static double[] measure(Config c, HostSettings defaults, long instructions, int repeat) {
        return EngineDefaults.with(c.lib(), c.counting(), () -> {
            // warm-up: JIT-compile the lockstep path and Unicorn's translation before anything is timed
            long quantum = quantumInstructions(defaults);
            RawRuns.countedMips(c, defaults.withCpus(1), instructions / 4, quantum);
            lockstepMips(defaults.withCpus(1), instructions / 4, 1);
            lockstepMips(defaults.withCpus(8), instructions / 32, 2);
            double[] r = new double[4];
            for (int i = 0; i < repeat; i++) {
                r[0] = Math.max(r[0], RawRuns.countedMips(c, defaults.withCpus(1), instructions, quantum));
                r[3] = Math.max(r[3], RawRuns.countedMips(c, defaults.withCpus(1), instructions, instructions));
                r[1] = Math.max(r[1], lockstepMips(defaults.withCpus(1), instructions, 1));
                r[2] = Math.max(r[2], lockstepMips(defaults.withCpus(8), instructions / 8, 2));
            }
            return r;
        });
    }

    /** One run through the actors and the lockstep; MIPS over all CPUs. */
    static double lockstepMips(HostSettings settings, long instructionsPerCpu, int threads) {
        long durationNs = instructionsPerCpu * settings.cpu().picosPerInstruction() / 1000;
        long start = System.nanoTime(); // forbidden-ok: a benchmark measures wall-clock time
        HostReport r = HostRunner.run(settings, SEED, durationNs, threads);
        long ns = System.nanoTime() - start; // forbidden-ok: a benchmark measures wall-clock time
        long total = r.cpus().stream().mapToLong(CpuSummary::instructions).sum();
        return total * 1e3 / ns;
    }
}
