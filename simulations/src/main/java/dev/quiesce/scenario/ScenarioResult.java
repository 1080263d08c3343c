package dev.quiesce.scenario;

import dev.quiesce.coordinator.ApplyOutcome;
import dev.quiesce.coordinator.oracle.Violation;
import dev.quiesce.cpu.CpuEvent;
import dev.quiesce.host.HostReport;

import java.util.List;

/**
 * What one run of a scenario gave.
 *
 * @param scenario   the scenario (with its seed)
 * @param report     the host's report and trace hash
 * @param outcomes   every attempt of every action, in order
 * @param violations the oracles' violations (at most one: the run ends there)
 * @param trace      the CPUs' events in trace order when recorded (probes left out), else empty
 * @param endNs      the virtual time the run ended at (earlier than the duration once everything settled)
 */
public record ScenarioResult(Scenario scenario, HostReport report, List<ApplyOutcome> outcomes,
                             List<Violation> violations, List<CpuEvent> trace, long endNs) {

    public ScenarioResult {
        outcomes = List.copyOf(outcomes);
        violations = List.copyOf(violations);
        trace = List.copyOf(trace);
    }

    /** Whether an oracle was violated. */
    public boolean violated() {
        return !violations.isEmpty();
    }
}
