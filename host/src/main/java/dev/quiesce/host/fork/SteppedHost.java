package dev.quiesce.host.fork;

import dev.quiesce.cpu.Cpu;
import dev.quiesce.cpu.CpuEvent;
import dev.quiesce.host.HostInterrupts;
import dev.quiesce.host.HostLockstep;
import dev.quiesce.host.HostMachine;
import dev.quiesce.host.HostReport;
import dev.quiesce.host.HostSettings;
import dev.quiesce.host.QuantumHook;
import dev.quiesce.random.SeedStream;

import java.util.ArrayList;
import java.util.List;

/**
 * One host run driven quantum by quantum on the caller's thread, without actors, so that it can be snapshotted and
 * restored at any quantum boundary ({@link #snapshot()}, {@link #restore}): the same lockstep as {@code HostActor}'s
 * (docs/architecture.md §3, two-stage quanta included), with the CPUs of a quantum run on a small pool of threads (or
 * one after another) instead of on dispatcher threads, and nothing running between quanta. The trace hash does not
 * depend on which (rule 4: events are sorted before they are
 * consumed; rule 5: CPUs share nothing inside a quantum), so a run here hashes as a {@code HostRunner} run does.
 * While the quantum hook promises to stay quiet, the CPUs run a span of quanta without a barrier between them
 * ({@link Span}), as {@code HostActor}'s do; a span never passes a boundary the caller asked to stop at, so snapshots
 * are taken where they were.
 */
public final class SteppedHost implements AutoCloseable {

    private final HostMachine machine;
    private final QuantumHook hook;
    private long seed; // not final: a reused host runs another seed (reseed)
    private final HostLockstep lockstep;
    private final QuantumHook.Controls controls;
    private final Cpu[] cpus;
    private final java.util.concurrent.ExecutorService pool; // null: the CPUs of a quantum run on the caller's thread
    private final int spanCap; // the most quanta of a span (1: a barrier after every quantum)

    /**
     * A run of a booted {@code machine} (booted with the streams of {@code seed}) for {@code durationNs}, with
     * {@code hook} at every boundary; the caller closes the machine after this.
     */
    public SteppedHost(HostMachine machine, QuantumHook hook, long seed, long durationNs) {
        this(machine, hook, seed, durationNs, 1);
    }

    /**
     * As {@link #SteppedHost(HostMachine, QuantumHook, long, long)}, the CPUs of a quantum running side by side on
     * {@code threads} threads, as a scenario's {@code threads} dispatcher threads run them (the trace is the same).
     */
    public SteppedHost(HostMachine machine, QuantumHook hook, long seed, long durationNs, int threads) {
        this.machine = machine;
        this.hook = hook;
        this.seed = seed;
        HostSettings s = machine.settings();
        this.lockstep = new HostLockstep(s.cpus(), s.quantumNs(), durationNs);
        this.controls = new QuantumHook.Controls(s.cpus());
        this.cpus = new Cpu[s.cpus()];
        this.spanCap = HostLockstep.spanCap(s.barrierBatch(), s.cpus());
        this.pool = threads <= 1 || s.cpus() == 1 ? null : java.util.concurrent.Executors.newFixedThreadPool(
                Math.min(threads, s.cpus()), Thread.ofPlatform().daemon().name("quiesce-stepped-", 0).factory());
        SeedStream host = SeedStream.root(seed).child("host", 0);
        try {
            for (int i = 0; i < cpus.length; i++) {
                cpus[i] = new Cpu(i, machine, HostInterrupts.schedule(s.interrupts(), i, host.child("cpu", i)));
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The machine it runs. */
    public HostMachine machine() {
        return machine;
    }

    /** CPU {@code i}. */
    public Cpu cpu(int i) {
        return cpus[i];
    }

    /** The number of CPUs. */
    public int cpus() {
        return cpus.length;
    }

    /** The current boundary (virtual time reached). */
    public long nowNs() {
        return lockstep.nowNs();
    }

    /** Whether the run reached its duration or was ended early. */
    public boolean finished() {
        return lockstep.finished();
    }

    /**
     * At time 0 (just restored from a boot snapshot): goes on as a run of {@code other}, as if booted with it — the
     * guests' seeds, every CPU's interrupt schedule ({@code settings}' sources on {@code other}'s streams) and the
     * report's seed; the caller reseeds the quantum hook.
     */
    public void reseed(long other, dev.quiesce.host.InterruptSettings settings) {
        if (lockstep.nowNs() != 0) {
            throw new IllegalStateException("a run can only be reseeded at time 0, not at " + lockstep.nowNs() + "ns");
        }
        SeedStream host = SeedStream.root(other).child("host", 0);
        machine.reseedGuests(host);
        for (int i = 0; i < cpus.length; i++) {
            cpus[i].schedule().adopt(HostInterrupts.schedule(settings, i, host.child("cpu", i)));
        }
        this.seed = other;
    }

    /** Runs whole quanta until virtual time reaches at least {@code untilNs} or the run finishes. */
    public void runUntil(long untilNs) {
        while (!lockstep.finished() && lockstep.nowNs() < untilNs) {
            quantum(untilNs, false);
        }
    }

    /** Runs quanta while the next one would end at or before {@code limitNs} (the boundary stays at or before it). */
    public void runWhileBefore(long limitNs) {
        while (!lockstep.finished() && lockstep.nowNs() < limitNs && nextEndNs() <= limitNs) {
            quantum(limitNs, true);
        }
    }

    /** Runs to the end and returns the report. */
    public HostReport finish() {
        while (!lockstep.finished()) {
            quantum(Long.MAX_VALUE, false);
        }
        return lockstep.report(seed, machine.image().buildId().hex());
    }

    /** Snapshots the whole run at the current boundary, with {@code extraRoots} (the caller's own state) in it. */
    public HostSnapshot snapshot(List<?> extraRoots) {
        return HostSnapshot.take(this, lockstep, controls, hook, cpus, extraRoots);
    }

    /** Puts the run back at {@code snapshot}'s boundary (a snapshot of this run). */
    public void restore(HostSnapshot snapshot) {
        snapshot.restoreInto(this, cpus);
        this.seed = snapshot.seed();
    }

    /** The run seed (the report's). */
    long seed() {
        return seed;
    }

    /** Where the next quantum would end, at the latest (a cut may end it earlier). */
    private long nextEndNs() {
        return lockstep.nextQuantumEndNs();
    }

    /**
     * One quantum, as HostActor runs it, then the hook; or, while the hook promises to stay quiet, a span of quanta
     * (docs/architecture.md §3 rule 8) ending at or after {@code untilNs}, or with {@code notPast} at or before it.
     */
    private void quantum(long untilNs, boolean notPast) {
        int[] awaited = controls.takeAwaited();
        if (awaited.length == 0 && spanCap > 1) {
            long[] ends = lockstep.batchEnds(hook.quietUntilNs(lockstep.nowNs()), untilNs, spanCap);
            int n = ends.length;
            while (notPast && n > 1 && ends[n - 1] > untilNs) {
                n--;
            }
            if (n > 1) {
                lockstep.beginQuantum();
                Span.run(java.util.Arrays.copyOf(ends, n), cpus, controls, this::runAll, lockstep, hook);
                return;
            }
        }
        long end = lockstep.beginQuantum();
        boolean[] first = new boolean[cpus.length];
        if (awaited.length > 0) {
            List<List<dev.quiesce.cpu.CpuControl>> commands = new ArrayList<>();
            for (int i : awaited) {
                first[i] = true;
                commands.add(controls.take(i));
            }
            long stageEnd = end;
            Stage[] stages = runAll(awaited.length, k -> {
                Cpu c = cpus[awaited[k]];
                start(c, commands.get(k));
                List<CpuEvent> events = new ArrayList<>();
                boolean stepped = c.runTo(stageEnd, events, true);
                return new Stage(events, stepped, c.nowPs());
            });
            boolean allStepped = true;
            long cutPs = 0;
            for (Stage st : stages) {
                allStepped &= st.stepped();
                cutPs = Math.max(cutPs, st.atPs());
                lockstep.acceptPartial(st.events());
            }
            if (allStepped) {
                end = lockstep.cutQuantum(Math.min(end,
                        Math.max(lockstep.quantumStartNs() + 1, Math.ceilDiv(cutPs, 1000))));
            }
        }
        List<List<dev.quiesce.cpu.CpuControl>> commands = new ArrayList<>();
        for (int i = 0; i < cpus.length; i++) {
            commands.add(first[i] ? null : controls.take(i));
        }
        long quantumEnd = end;
        Stage[] stages = runAll(cpus.length, i -> {
            Cpu c = cpus[i];
            if (commands.get(i) != null) {
                start(c, commands.get(i));
            }
            List<CpuEvent> events = new ArrayList<>();
            c.runTo(quantumEnd, events, false);
            return new Stage(events, false, c.nowPs());
        });
        for (int i = 0; i < cpus.length; i++) {
            lockstep.accept(i, stages[i].events(), cpus[i].retired());
        }
        hook.afterQuantum(lockstep.nowNs(), lockstep.quantumEvents(), lockstep, controls);
    }

    /** One CPU's part of a quantum (or of its first stage). */
    record Stage(List<CpuEvent> events, boolean stepped, long atPs) {
    }

    /** Runs {@code n} CPUs' parts, side by side when there is a pool; returns them in index order. */
    Stage[] runAll(int n, java.util.function.IntFunction<Stage> part) {
        Stage[] out = new Stage[n];
        if (pool == null || n == 1) {
            for (int k = 0; k < n; k++) {
                out[k] = part.apply(k);
            }
            return out;
        }
        List<java.util.concurrent.Future<Stage>> futures = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            int index = k;
            futures.add(pool.submit(() -> part.apply(index)));
        }
        try {
            for (int k = 0; k < n; k++) {
                out[k] = futures.get(k).get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
        return out;
    }

    private static void start(Cpu c, List<dev.quiesce.cpu.CpuControl> commands) {
        for (var control : commands) {
            c.control(control);
        }
        c.begin();
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
        for (Cpu c : cpus) {
            if (c != null) {
                c.close();
            }
        }
    }
}
