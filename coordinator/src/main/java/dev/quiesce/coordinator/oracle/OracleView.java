package dev.quiesce.coordinator.oracle;

import dev.quiesce.coordinator.ApplyOutcome;
import dev.quiesce.coordinator.plan.StagedPlan;
import dev.quiesce.cpu.CpuEvent;
import dev.quiesce.emulator.memory.GuestMemory;
import dev.quiesce.isa.Arch;
import dev.quiesce.splice.registry.ActionSite;
import dev.quiesce.splice.registry.LivepatchRegistry;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What an oracle may look at, at one boundary: the quantum's events, the plan that was in flight while the CPUs
 * ran, the functions of the action being watched, the host's memory, registry and symbols, and the outcomes the
 * boundary finished.
 *
 * @param nowNs      the boundary
 * @param events     the quantum's events, in trace order
 * @param plan       the store plan in flight during the quantum, if any
 * @param watched    the functions of the action in progress (or just finished, until every CPU passed a
 *                   quiescence point after it); empty when none
 * @param memory     the host's memory
 * @param registry   the host's registry
 * @param entryPads  addresses of functions with a 5-byte entry pad
 * @param finished   outcomes finished at this boundary
 * @param symbolizer {@code name+0xoff} for an address
 * @param cpus       the host's CPU count
 * @param side       what the protocol may leave behind: CPU snapshots, its probes, int3 sites
 * @param arch       the instruction-set architecture of the host's CPUs (an oracle of one architecture's rule, such
 *                   as {@link ConcurrentModificationAllowed}, judges only its hosts)
 */
public record OracleView(long nowNs, List<CpuEvent> events, Optional<StagedPlan> plan, List<ActionSite> watched,
                         GuestMemory memory, LivepatchRegistry registry, Set<Long> entryPads,
                         List<ApplyOutcome> finished, java.util.function.LongFunction<String> symbolizer, int cpus,
                         SideState side, Arch arch) {

    /** A view of an x86-64 host. */
    public OracleView(long nowNs, List<CpuEvent> events, Optional<StagedPlan> plan, List<ActionSite> watched,
                      GuestMemory memory, LivepatchRegistry registry, Set<Long> entryPads,
                      List<ApplyOutcome> finished, java.util.function.LongFunction<String> symbolizer, int cpus,
                      SideState side) {
        this(nowNs, events, plan, watched, memory, registry, entryPads, finished, symbolizer, cpus, side, Arch.X86_64);
    }
}
