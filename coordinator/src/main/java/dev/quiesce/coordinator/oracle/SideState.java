package dev.quiesce.coordinator.oracle;

import dev.quiesce.cpu.CpuSnapshots;
import dev.quiesce.host.HostProbes;

import java.util.List;

/**
 * What a protocol may leave behind on its host, as an oracle sees it at a boundary: each CPU's latest snapshot (taken
 * when the CPU applied the previous boundary's commands, before it ran on), the probe ranges the protocol asks for,
 * the int3 sites the host emulates, and whether an action is in progress. Read-only.
 *
 * @param cpus             each CPU's latest {@link dev.quiesce.cpu.CpuSnapshot}
 * @param protocolProbes   the code ranges the protocol wants probed during the next quantum
 * @param int3Sites        addresses of the int3s the host emulates now
 * @param actionInProgress whether an action is issued and not finished
 */
public record SideState(CpuSnapshots cpus, List<HostProbes.Range> protocolProbes, List<Long> int3Sites,
                        boolean actionInProgress) {

    public SideState {
        protocolProbes = List.copyOf(protocolProbes);
        int3Sites = List.copyOf(int3Sites);
    }
}
