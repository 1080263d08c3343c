package dev.quiesce.scenario;

import dev.quiesce.coordinator.HostCoordinator;
import dev.quiesce.host.HostInterrupts;
import dev.quiesce.host.HostMachine;
import dev.quiesce.host.HostReport;
import dev.quiesce.host.fork.HostSnapshot;
import dev.quiesce.host.fork.SteppedHost;
import dev.quiesce.random.SeedStream;

import java.util.List;

/**
 * One scenario run that can be snapshotted at quantum boundaries and forked (docs/forking.md): booted and prepared as
 * {@link ScenarioRunner} prepares it, driven by a {@link SteppedHost}. A snapshot taken before the point where runs
 * differ is restored for each of them; {@link #adopt} gives the restored run another scenario's injections.
 */
public final class ScenarioFork implements AutoCloseable {

    private final HostMachine machine;
    private final HostCoordinator coordinator;
    private final ScenarioRunner.Recorder hook;
    private final SteppedHost host;
    private Scenario scenario;

    private ScenarioFork(Scenario s, HostMachine machine) {
        this.scenario = s;
        this.machine = machine;
        this.coordinator = ScenarioRunner.coordinator(s, machine);
        this.hook = new ScenarioRunner.Recorder(coordinator, false, machine, MachineObserver.NONE);
        this.host = new SteppedHost(machine, hook, s.seed(), s.durationNs(), s.threads());
    }

    /** Boots {@code s}'s host and prepares its run at time 0. */
    public static ScenarioFork start(Scenario s) {
        HostMachine m = HostMachine.boot(s.host(), SeedStream.root(s.seed()).child("host", 0));
        try {
            return new ScenarioFork(s, m);
        } catch (RuntimeException e) {
            m.close();
            throw e;
        }
    }

    /** The current boundary. */
    public long nowNs() {
        return host.nowNs();
    }

    /** Whether the run finished (its duration, or settled, or a violation). */
    public boolean finished() {
        return host.finished();
    }

    /** Runs quanta while the next one ends at or before {@code limitNs}. */
    public void runWhileBefore(long limitNs) {
        host.runWhileBefore(limitNs);
    }

    /** Snapshots the run at the current boundary. */
    public HostSnapshot snapshot() {
        return host.snapshot(List.of());
    }

    /** Puts the run back at {@code snapshot} (taken from this run), as the scenario it was then. */
    public void restore(HostSnapshot snapshot, Scenario as) {
        host.restore(snapshot);
        this.scenario = as;
    }

    /**
     * Gives every CPU the interrupt schedule of {@code candidate}, which must differ from the running scenario only in
     * injections at or after the current boundary ({@link ForkMatch#injectionsOnlyAfter}); the run then goes on as
     * {@code candidate}.
     */
    public void adopt(Scenario candidate) {
        SeedStream root = SeedStream.root(candidate.seed()).child("host", 0);
        for (int i = 0; i < host.cpus(); i++) {
            host.cpu(i).schedule().adopt(HostInterrupts.schedule(candidate.host().interrupts(), i, root.child("cpu", i)));
        }
        this.scenario = candidate;
    }

    /**
     * Goes on as {@code point}, which differs from the running scenario only in settings read at or after its first
     * hypercall ({@link ForkMatch#settingsAfterHypercall}); call before that hypercall.
     */
    public void rebind(Scenario point) {
        coordinator.rebindRequests(point.actions(), point.retry());
        this.scenario = point;
    }

    /**
     * At time 0 (restored from the boot snapshot): goes on as {@code other}, which differs from the running scenario
     * only in its seed and injections ({@link ForkMatch#seedAndInjectionsOnly}), as if the host had been booted for it.
     */
    public void reseed(Scenario other) {
        host.reseed(other.seed(), other.host().interrupts());
        coordinator.reseed(SeedStream.root(other.seed()).child("host", 0));
        this.scenario = other;
    }

    /** Whether the run asked its retry policy so far ({@link HostCoordinator#retryAsked()}). */
    public boolean retryAsked() {
        return coordinator.retryAsked();
    }

    /** Runs to the end and returns the result, as {@link ScenarioRunner#run(Scenario, boolean)} would. */
    public ScenarioResult finish() {
        HostReport r = host.finish();
        return new ScenarioResult(scenario, r, coordinator.outcomes(), coordinator.violations(), hook.trace, hook.endNs);
    }

    @Override
    public void close() {
        try {
            host.close();
        } finally {
            machine.close();
        }
    }
}
