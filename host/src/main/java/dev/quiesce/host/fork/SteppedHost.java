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
 * (docs/architecture.md §3, two-stage quanta included), with the CPUs of a quantum run one after another instead of
 * on dispatcher threads. The trace hash does not depend on which (rule 4: events are sorted before they are
 * consumed; rule 5: CPUs share nothing inside a quantum), so a run here hashes as a {@code HostRunner} run does.
 */
public final class SteppedHost implements AutoCloseable {

    private final HostMachine machine;
    private final QuantumHook hook;
    private long seed; // not final: a reused host runs another seed (reseed)
    private final HostLockstep lockstep;
    private final QuantumHook.Controls controls;
    private final Cpu[] cpus;

    /**
     * A run of a booted {@code machine} (booted with the streams of {@code seed}) for {@code durationNs}, with
     * {@code hook} at every boundary; the caller closes the machine after this.
     */
    public SteppedHost(HostMachine machine, QuantumHook hook, long seed, long durationNs) {
        this.machine = machine;
        this.hook = hook;
        this.seed = seed;
        HostSettings s = machine.settings();
        this.lockstep = new HostLockstep(s.cpus(), s.quantumNs(), durationNs);
        this.controls = new QuantumHook.Controls(s.cpus());
        this.cpus = new Cpu[s.cpus()];
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
            quantum();
        }
    }

    /** Runs quanta while the next one would end at or before {@code limitNs} (the boundary stays at or before it). */
    public void runWhileBefore(long limitNs) {
        while (!lockstep.finished() && lockstep.nowNs() < limitNs && nextEndNs() <= limitNs) {
            quantum();
        }
    }

    /** Runs to the end and returns the report. */
    public HostReport finish() {
        while (!lockstep.finished()) {
            quantum();
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

    /** One quantum, as HostActor runs it, then the hook. */
    private void quantum() {
        long end = lockstep.beginQuantum();
        int[] awaited = controls.takeAwaited();
        boolean[] first = new boolean[cpus.length];
        if (awaited.length > 0) {
            boolean allStepped = true;
            long cutPs = 0;
            for (int i : awaited) {
                first[i] = true;
                List<CpuEvent> events = new ArrayList<>();
                Cpu c = cpus[i];
                start(c, i);
                allStepped &= c.runTo(end, events, true);
                cutPs = Math.max(cutPs, c.nowPs());
                lockstep.acceptPartial(events);
            }
            if (allStepped) {
                end = lockstep.cutQuantum(Math.min(end,
                        Math.max(lockstep.quantumStartNs() + 1, Math.ceilDiv(cutPs, 1000))));
            }
        }
        for (int i = 0; i < cpus.length; i++) {
            List<CpuEvent> events = new ArrayList<>();
            Cpu c = cpus[i];
            if (!first[i]) {
                start(c, i);
            }
            c.runTo(end, events, false);
            lockstep.accept(i, events, c.retired());
        }
        hook.afterQuantum(lockstep.nowNs(), lockstep.quantumEvents(), lockstep, controls);
    }

    private void start(Cpu c, int i) {
        for (var control : controls.take(i)) {
            c.control(control);
        }
        c.begin();
    }

    @Override
    public void close() {
        for (Cpu c : cpus) {
            if (c != null) {
                c.close();
            }
        }
    }
}
