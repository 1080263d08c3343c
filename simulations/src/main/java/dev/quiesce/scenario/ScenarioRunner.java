package dev.quiesce.scenario;

import dev.quiesce.coordinator.HostCoordinator;
import dev.quiesce.coordinator.oracle.Oracles;
import dev.quiesce.coordinator.protocol.plugin.ProtocolCatalog;
import dev.quiesce.cpu.CpuEvent;
import dev.quiesce.host.actor.HostRunner;
import dev.quiesce.host.HostLockstep;
import dev.quiesce.host.HostMachine;
import dev.quiesce.host.HostReport;
import dev.quiesce.host.QuantumHook;
import dev.quiesce.random.SeedStream;
import dev.quiesce.emulator.samples.SamplePayloads;
import dev.quiesce.splice.registry.XenResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs a {@link Scenario} on one emulated host: boot, upload the payloads, run the coordinator with the scenario's
 * protocol, policies, actions and oracles until the duration — or earlier, once every action settled (finished,
 * and every CPU passed a quiescence point since), which keeps sweeps and hunts short.
 */
public final class ScenarioRunner {

    private ScenarioRunner() {
    }

    /** Runs {@code s}; {@code record} keeps the CPUs' events for reports and exports. */
    public static ScenarioResult run(Scenario s, boolean record) {
        return run(s, record, MachineObserver.NONE);
    }

    /** Runs {@code s}, letting {@code observer} read the host at every quantum boundary (tests, user-code checks). */
    public static ScenarioResult run(Scenario s, boolean record, MachineObserver observer) {
        try (HostMachine m = HostMachine.boot(s.host(), SeedStream.root(s.seed()).child("host", 0))) {
            HostCoordinator c = coordinator(s, m);
            Recorder hook = new Recorder(c, record, m, observer);
            HostReport r = HostRunner.run(m, hook, s.seed(), s.durationNs(), s.threads());
            return new ScenarioResult(s, r, c.outcomes(), c.violations(), hook.trace, hook.endNs);
        }
    }

    /** The coordinator of {@code s} on the booted {@code m}, with the scenario's payloads uploaded. */
    static HostCoordinator coordinator(Scenario s, HostMachine m) {
        HostCoordinator c = new HostCoordinator(m, s.protocol(), s.actions(), s.stragglers(), s.retry(),
                SeedStream.root(s.seed()).child("host", 0), s.patch(),
                s.oracles().isEmpty() ? Oracles.none() : Oracles.parse(s.oracles(), s.oracleSettings()),
                ProtocolCatalog.of(s.plugins()));
        Map<String, byte[]> samples = SamplePayloads.assemble(m.image());
        for (ScenarioPayload payload : s.payloadSources()) {
            String p = payload.name();
            byte[] bytes;
            try {
                bytes = payload.bytes(m.image().buildId(), samples);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("scenario %s: %s".formatted(s.name(), e.getMessage()), e);
            }
            XenResult up = c.registry().upload(p, bytes);
            if (!up.ok()) {
                throw new IllegalArgumentException("scenario %s: upload of %s failed: %s".formatted(s.name(), p, up));
            }
        }
        return c;
    }

    /** Delegates to the coordinator, keeps events if asked, and ends the run once everything settled. */
    static final class Recorder implements QuantumHook {
        private final HostCoordinator c;
        private final boolean record;
        private final HostMachine machine;
        private final MachineObserver observer;
        final List<CpuEvent> trace = new ArrayList<>();
        long endNs;

        Recorder(HostCoordinator c, boolean record, HostMachine machine, MachineObserver observer) {
            this.c = c;
            this.record = record;
            this.machine = machine;
            this.observer = observer;
        }

        @Override
        public void afterQuantum(long nowNs, List<CpuEvent> events, HostLockstep lockstep, Controls out) {
            if (record) {
                for (CpuEvent e : events) {
                    if (!(e instanceof CpuEvent.Probe)) {
                        trace.add(e);
                    }
                }
            }
            c.afterQuantum(nowNs, events, lockstep, out);
            observer.afterQuantum(nowNs, machine);
            endNs = nowNs;
            if (!c.outcomes().isEmpty() && c.settled()) {
                lockstep.endEarly();
            }
        }

        /**
         * The coordinator's quiet span (before its first action), unless an observer reads the host at every
         * boundary: a run that records or only ends once settled adds nothing a batch could change.
         */
        @Override
        public long quietUntilNs(long nowNs) {
            return observer == MachineObserver.NONE ? c.quietUntilNs(nowNs) : nowNs;
        }
    }
}
