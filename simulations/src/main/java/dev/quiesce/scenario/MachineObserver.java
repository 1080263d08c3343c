package dev.quiesce.scenario;

import dev.quiesce.host.HostMachine;

/**
 * Watches a scenario's host between quanta, after the coordinator's work, while no CPU runs: reads guest memory (a
 * user guest's per-CPU variables, what a library wrote) to show what a patch changed. It must not write: the run and
 * its trace hash stay what they are without it.
 */
@FunctionalInterface
public interface MachineObserver {

    /** No observer. */
    MachineObserver NONE = (nowNs, machine) -> { };

    /** Called at each quantum boundary at virtual time {@code nowNs}. */
    void afterQuantum(long nowNs, HostMachine machine);
}
