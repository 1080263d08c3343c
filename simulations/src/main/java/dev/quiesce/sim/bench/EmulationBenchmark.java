package dev.quiesce.sim.bench;

import dev.quiesce.host.actor.HostRunner;
import dev.quiesce.host.HostMachine;
import dev.quiesce.host.HostReport;
import dev.quiesce.host.HostSettings;
import dev.quiesce.host.CpuSummary;
import dev.quiesce.random.SeedStream;
import dev.quiesce.emulator.unicorn.UnicornEngine;
import dev.quiesce.emulator.unicorn.X86Reg;
import dev.quiesce.time.SuppressForbidden;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * The emulation macro benchmark: the same guest workload (a) as one raw Unicorn run with an
 * instruction count and nothing around it, and (b) through the host lockstep (CPU actors, quanta,
 * interrupts, quiescence hooks, event sorting and hashing) with 1 CPU and with 8 CPUs; prints MIPS
 * and the ratio (b)/(a). Targets: the 1-CPU ratio at least 0.5; the 8-CPU run on 2 threads at least 1.7 times the
 * 1-CPU run (the parallel lockstep, docs/benchmarks.md). With a user guest (a scenario's {@code guest { … }}
 * block, docs/own-code.md), (c) runs that guest's workload through the same lockstep with 8 CPUs and prints its MIPS
 * and its ratio to the built-in guest's 8-CPU run of the same process.
 */
@SuppressForbidden("a benchmark measures wall-clock time")
public final class EmulationBenchmark {

    private static final long SEED = 0x5eedL;

    private EmulationBenchmark() {
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
        out.printf(Locale.ROOT, "emulation benchmark: %,d guest instructions per measurement, best of %d after a warm-up, %d cores%n",
                instructions, repeat, Runtime.getRuntime().availableProcessors());
        out.flush();
        // warm-up: JIT-compile the lockstep path and Unicorn's translation before anything is timed
        rawMips(defaults.withCpus(1), instructions / 4);
        lockstepMips(defaults.withCpus(1), instructions / 4, 1);
        lockstepMips(defaults.withCpus(8), instructions / 32, 2);
        double raw = 0;
        double one = 0;
        double eight = 0;
        for (int i = 0; i < repeat; i++) {
            raw = Math.max(raw, rawMips(defaults.withCpus(1), instructions));
            one = Math.max(one, lockstepMips(defaults.withCpus(1), instructions, 1));
            eight = Math.max(eight, lockstepMips(defaults.withCpus(8), instructions / 8, 2));
        }
        out.printf(Locale.ROOT, "(a) raw Unicorn, count-limited run, no simulator   %8.1f MIPS%n", raw);
        out.printf(Locale.ROOT, "(b) host lockstep, 1 CPU, 1 thread, quantum %s   %8.1f MIPS   ratio (b)/(a) = %.2f%n",
                dev.quiesce.time.SimTime.format(defaults.quantumNs()), one, one / raw);
        out.printf(Locale.ROOT, "(b) host lockstep, 8 CPUs, 2 threads              %8.1f MIPS   ratio (b)/(a) = %.2f (aggregate over CPUs)%n",
                eight, eight / raw);
        out.printf(Locale.ROOT, "target: 1-CPU ratio >= 0.5: %s%n", one / raw >= 0.5 ? "met" : "NOT met");
        out.printf(Locale.ROOT, "parallel lockstep: 8 CPUs on 2 threads / 1 CPU = %.2f"
                + " (target >= 1.7 on 2 idle cores: %s)%n", eight / one, eight / one >= 1.7 ? "met" : "NOT met");
        if (user != null) {
            out.flush();
            lockstepMips(user.withCpus(8), instructions / 32, 2);
            double mine = 0;
            for (int i = 0; i < repeat; i++) {
                mine = Math.max(mine, lockstepMips(user.withCpus(8), instructions / 8, 2));
            }
            out.printf(Locale.ROOT, "(c) your guest %s, host lockstep, 8 CPUs, 2 threads   %8.1f MIPS   ratio (c)/(b, 8 CPUs)"
                    + " = %.2f%n", userName, mine, mine / eight);
        }
        out.flush();
    }

    /** One raw run: the guest program's entry ({@code cpu_main} built in) under an uncounted engine with Unicorn's own count. */
    static double rawMips(HostSettings settings, long instructions) {
        try (HostMachine m = HostMachine.boot(settings, SeedStream.root(SEED).child("host", 0));
             UnicornEngine e = UnicornEngine.openUncounted()) {
            e.mapShared(m.memory());
            long sp = m.stackTop(0) - 8;
            m.memory().writeU64(sp, m.cpuExit());
            e.writeReg(X86Reg.RSP, sp);
            e.writeReg(X86Reg.RDI, 0);
            e.writeReg(X86Reg.RFLAGS, 0x202);
            long start = System.nanoTime(); // forbidden-ok: a benchmark measures wall-clock time
            int rc = e.emuStart(m.address(settings.guest().entry()), 0, instructions);
            long ns = System.nanoTime() - start; // forbidden-ok: a benchmark measures wall-clock time
            if (rc != 0) {
                throw new IllegalStateException("raw run failed with uc_err " + rc);
            }
            return instructions * 1e3 / ns;
        }
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
