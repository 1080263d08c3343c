package dev.quiesce.fleet.scenario;

import dev.quiesce.fleet.model.CpuModel;

import java.util.Objects;

/**
 * One workload class of a fleet: its share of the hosts, their CPU count, what every CPU does, their stragglers,
 * and the share of hosts whose old code fails the payload's expectation (the apply is refused, nothing runs).
 *
 * @param name                a name for reports
 * @param share               the fraction of the fleet's hosts (the classes' shares sum to 1)
 * @param cpus                CPUs per host
 * @param model               the CPU model of every CPU
 * @param modelName           where the model came from (its name in the model file or the scenario's models)
 * @param stragglers          long non-preemptible work
 * @param expectationMismatch the fraction of hosts failing the payload's expectation (0..1)
 */
public record HostClass(String name, double share, int cpus, CpuModel model, String modelName,
                        StragglerSpec stragglers, double expectationMismatch) {

    public HostClass {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(stragglers, "stragglers");
        if (!(share >= 0 && share <= 1) || cpus < 1 || !(expectationMismatch >= 0 && expectationMismatch <= 1)) {
            throw new IllegalArgumentException("a host class needs share and expectation-mismatch in 0..1, cpus >= 1");
        }
    }
}
