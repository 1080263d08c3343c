package dev.quiesce.coordinator.oracle;

import dev.quiesce.cpu.CpuEvent;
import dev.quiesce.cpu.CpuSnapshot;
import dev.quiesce.cpu.CpuSnapshots;
import dev.quiesce.emulator.memory.GuestMemory;
import dev.quiesce.isa.A64;
import dev.quiesce.isa.Arch;
import dev.quiesce.payload.Expectation;
import dev.quiesce.splice.PatchSite;
import dev.quiesce.splice.registry.ActionSite;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A host for oracle tests without CPUs: guest memory with one old function at {@link #F}, CPU snapshots set by hand,
 * and {@link OracleView}s of a boundary built from them.
 */
final class SyntheticHost implements AutoCloseable {

    static final long BASE = 0x400000;
    static final long F = BASE + 0x100;
    static final ActionSite SITE = new ActionSite("p", new PatchSite("f", F, 64, BASE + 0x1000, 16,
            Expectation.none()), true);

    final GuestMemory memory = GuestMemory.allocate(BASE, 0x2000);
    final CpuSnapshots snapshots;
    final Arch arch;
    List<ActionSite> watched = List.of();
    final List<CpuEvent> events = new ArrayList<>();
    private long seq;

    SyntheticHost(int cpus, Arch arch) {
        this.snapshots = new CpuSnapshots(cpus);
        this.arch = arch;
        for (int c = 0; c < cpus; c++) {
            running(c);
        }
    }

    void store(long address, int insn) {
        memory.writeCode(address, A64.bytes(insn));
    }

    void running(int cpu) {
        snapshot(cpu, false, false, false, 0);
    }

    void parkedIrqsOff(int cpu) {
        snapshot(cpu, true, true, true, 0);
    }

    void snapshot(int cpu, boolean holdAsked, boolean parked, boolean irqsOff, int depth) {
        snapshots.publish(new CpuSnapshot(cpu, 0, BASE, false, depth, !irqsOff, true, holdAsked, parked, false,
                irqsOff, false, false, false, false, 0, new long[0]));
    }

    void event(java.util.function.LongFunction<CpuEvent> e) {
        events.add(e.apply(seq++));
    }

    OracleView view(long nowNs) {
        return new OracleView(nowNs, List.copyOf(events), Optional.empty(), watched, memory, null, Set.of(),
                List.of(), a -> "f+0x" + Long.toHexString(a - F), snapshots.cpus(),
                new SideState(snapshots, List.of(), List.of(), !watched.isEmpty()), arch);
    }

    @Override
    public void close() {
        memory.close();
    }
}
