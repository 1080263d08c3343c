package dev.quiesce.sim.bench;

import dev.quiesce.emulator.unicorn.RunResult;
import dev.quiesce.emulator.unicorn.UnicornEngine;
import dev.quiesce.emulator.unicorn.UnicornEngines;
import dev.quiesce.emulator.unicorn.UnicornLibrary;
import dev.quiesce.emulator.unicorn.X86Reg;
import dev.quiesce.host.HostMachine;
import dev.quiesce.host.HostSettings;
import dev.quiesce.random.SeedStream;
import dev.quiesce.time.SuppressForbidden;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Raw runs of the built-in guest: Unicorn engines over a booted host's memory with nothing of the lockstep around them
 * (no quanta of virtual time, no events, no barriers, no hashing) — what the lockstep is compared with. Besides one
 * engine, several engines running CPU {@code k}'s workload each, taking turns on one or more threads as the lockstep's
 * CPU actors do: their speed against one engine's is the ceiling this machine and Unicorn set for the lockstep's
 * parallel target, before the lockstep adds anything (docs/benchmarks.md, "Parallel lockstep").
 */
@SuppressForbidden("a benchmark measures wall-clock time")
final class RawRuns {

    private RawRuns() {
    }

    /**
     * Raw counted runs: the guest's entry under an engine with {@code c}'s counting (and an interrupt hook, as the
     * host's CPUs have), {@code instructions} in runs of {@code chunk}; MIPS.
     */
    static double countedMips(EmulationBenchmark.Config c, HostSettings settings, long instructions, long chunk) {
        try (HostMachine m = HostMachine.boot(settings, SeedStream.root(EmulationBenchmark.SEED).child("host", 0));
             Engine e = new Engine(c, m, settings, 0)) {
            long start = System.nanoTime(); // forbidden-ok: a benchmark measures wall-clock time
            long done = e.run(instructions, chunk);
            long ns = System.nanoTime() - start; // forbidden-ok: a benchmark measures wall-clock time
            return done * 1e3 / ns;
        }
    }

    /** One raw run: the guest's entry under an uncounted engine with Unicorn's own count; MIPS. */
    static double uncountedMips(UnicornLibrary lib, HostSettings settings, long instructions) {
        try (HostMachine m = HostMachine.boot(settings, SeedStream.root(EmulationBenchmark.SEED).child("host", 0));
             UnicornEngine e = UnicornEngines.openUncounted(lib)) {
            long entry = boot(m, e, settings, 0);
            long start = System.nanoTime(); // forbidden-ok: a benchmark measures wall-clock time
            int rc = e.emuStart(entry, 0, instructions);
            long ns = System.nanoTime() - start; // forbidden-ok: a benchmark measures wall-clock time
            if (rc != 0) {
                throw new IllegalStateException("raw run failed with uc_err " + rc);
            }
            return instructions * 1e3 / ns;
        }
    }

    /**
     * {@code engines} counted engines with {@code c}'s counting, engine {@code k} running CPU {@code k}'s workload
     * over one host's memory, engine {@code k} on thread {@code k % threads}; each thread gives its engines turns of
     * {@code turn} runs of {@code quantum} instructions until each has retired {@code instructionsPerEngine}. Every
     * engine first runs a warm-up of the same length outside the timing (its first translations). MIPS over all
     * engines, from the moment all threads start to the moment the last one ends.
     */
    static double sharedMips(EmulationBenchmark.Config c, HostSettings settings, int engines, int threads,
                             long instructionsPerEngine, long quantum, int turn) {
        HostSettings s = settings.withCpus(Math.max(engines, settings.cpus()));
        try (HostMachine m = HostMachine.boot(s, SeedStream.root(EmulationBenchmark.SEED).child("host", 0))) {
            List<Engine> all = new ArrayList<>();
            try {
                for (int k = 0; k < engines; k++) {
                    Engine e = new Engine(c, m, s, k);
                    all.add(e);
                    e.run(instructionsPerEngine, quantum);
                }
                CountDownLatch go = new CountDownLatch(1);
                AtomicReference<RuntimeException> failed = new AtomicReference<>();
                List<Thread> workers = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    List<Engine> mine = new ArrayList<>();
                    for (int k = t; k < engines; k += threads) {
                        mine.add(all.get(k));
                    }
                    workers.add(Thread.ofPlatform().start(() -> {
                        try {
                            takeTurns(mine, go, instructionsPerEngine, quantum, turn);
                        } catch (RuntimeException e) {
                            failed.compareAndSet(null, e);
                        }
                    }));
                }
                long start = System.nanoTime(); // forbidden-ok: a benchmark measures wall-clock time
                go.countDown();
                for (Thread w : workers) {
                    w.join();
                }
                long ns = System.nanoTime() - start; // forbidden-ok: a benchmark measures wall-clock time
                if (failed.get() != null) {
                    throw failed.get();
                }
                return engines * instructionsPerEngine * 1e3 / ns;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } finally {
                all.forEach(Engine::close);
            }
        }
    }

    private static void takeTurns(List<Engine> engines, CountDownLatch go, long each, long quantum, int turn) {
        try {
            go.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        long[] left = new long[engines.size()];
        java.util.Arrays.fill(left, each);
        for (boolean busy = true; busy; ) {
            busy = false;
            for (int i = 0; i < engines.size(); i++) {
                if (left[i] > 0) {
                    left[i] -= engines.get(i).run(Math.min(left[i], turn * quantum), quantum);
                    busy = true;
                }
            }
        }
    }

    /** Maps the host's memory, sets up CPU {@code cpu}'s stack and registers; returns the guest's entry address. */
    private static long boot(HostMachine m, UnicornEngine e, HostSettings settings, int cpu) {
        e.mapShared(m.memory());
        long sp = m.stackTop(cpu) - 8;
        m.memory().writeU64(sp, m.cpuExit());
        e.writeReg(X86Reg.RSP, sp);
        e.writeReg(X86Reg.RDI, cpu);
        e.writeReg(X86Reg.RFLAGS, 0x202);
        return m.address(settings.guest().entry());
    }

    /** One counted engine running CPU {@code cpu}'s workload, where it left off run after run. */
    private static final class Engine implements AutoCloseable {
        private final UnicornEngine engine;
        private long pc;

        Engine(EmulationBenchmark.Config c, HostMachine m, HostSettings settings, int cpu) {
            engine = UnicornEngines.open(c.lib(), c.counting());
            pc = boot(m, engine, settings, cpu);
            engine.hooks().interrupt(n -> engine.stop());
        }

        /** Runs {@code instructions} in runs of at most {@code chunk}; returns the instructions retired. */
        long run(long instructions, long chunk) {
            long done = 0;
            while (done < instructions) {
                RunResult r = engine.run(pc, Math.min(chunk, instructions - done));
                if (!r.ok() || r.retired() == 0) {
                    throw new IllegalStateException("raw counted run failed: " + r.error());
                }
                done += r.retired();
                pc = engine.readReg(X86Reg.RIP);
            }
            return done;
        }

        @Override
        public void close() {
            engine.close();
        }
    }
}
