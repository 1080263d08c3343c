package dev.quiesce.host.fork;

import dev.quiesce.cpu.Cpu;
import dev.quiesce.emulator.link.GuestImage;
import dev.quiesce.emulator.link.SymbolTable;
import dev.quiesce.emulator.memory.CodeView;
import dev.quiesce.emulator.memory.CodeViews;
import dev.quiesce.emulator.memory.CodeViewsImage;
import dev.quiesce.emulator.memory.GuestMemory;
import dev.quiesce.emulator.unicorn.EngineState;
import dev.quiesce.emulator.unicorn.UnicornEngine;
import dev.quiesce.host.HostLockstep;
import dev.quiesce.host.HostMachine;
import dev.quiesce.host.HostSettings;
import dev.quiesce.host.QuantumHook;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * A whole host run at one quantum boundary (docs/forking.md): the Java state of the lockstep (virtual time, counters,
 * the trace hasher's running digest), of every CPU (clock, interrupt frames, schedules and their named random streams,
 * command latch, spin loop), of the quantum hook (the coordinator, its protocol, oracles and registry) and of the
 * machine (probes, CPU snapshots) — an {@link ObjectState}; every engine's registers and counting-hook block
 * ({@link EngineState}); guest memory with each CPU's private data ({@link MemoryImage}); and under a stale-fetch
 * cross-modifying-code model the per-CPU code views' private pages and bookkeeping ({@link CodeViewsImage}).
 * Restoring it into the run it was taken from and running on gives exactly the trace of a run from the start.
 */
public final class HostSnapshot implements AutoCloseable {

    private final long atNs;
    private final long seed;
    private final ObjectState state;
    private final MemoryImage memory;
    private final CodeViewsImage views; // null under xmc = coherent
    private final EngineState[] engines;
    private final Cpu[] cpus;

    private HostSnapshot(long atNs, long seed, ObjectState state, MemoryImage memory, CodeViewsImage views,
                         EngineState[] engines, Cpu[] cpus) {
        this.views = views;
        this.cpus = cpus;
        this.atNs = atNs;
        this.seed = seed;
        this.state = state;
        this.memory = memory;
        this.engines = engines;
    }

    static HostSnapshot take(SteppedHost host, HostLockstep lockstep, QuantumHook.Controls controls,
                             QuantumHook hook, Cpu[] cpus, List<?> extraRoots) {
        HostMachine m = host.machine();
        List<Object> roots = new ArrayList<>(List.of(lockstep, controls, hook, cpus, m));
        roots.addAll(extraRoots);
        ObjectState state = ObjectState.capture(roots, HostSnapshot::opaque);
        EngineState[] engines = new EngineState[cpus.length];
        for (int i = 0; i < cpus.length; i++) {
            engines[i] = EngineState.save(cpus[i].engine());
        }
        MemoryImage memory = new MemoryImage(m.memory(), m.image().privateRegions(), cpus.length);
        CodeViewsImage views = m.codeViews() == null ? null : m.codeViews().save();
        return new HostSnapshot(lockstep.nowNs(), host.seed(), state, memory, views, engines, cpus);
    }

    /** The boundary it was taken at. */
    public long atNs() {
        return atNs;
    }

    /** The run seed it was taken with. */
    long seed() {
        return seed;
    }

    /** Objects in its Java state (for reports). */
    public int objects() {
        return state.objects();
    }

    /** Bytes of guest memory it holds (with the private pages of the code views). */
    public long memoryBytes() {
        return memory.bytes() + (views == null ? 0 : views.bytes());
    }

    void restoreInto(SteppedHost host, Cpu[] cpus) {
        Object[] held = new Object[cpus.length];
        for (int i = 0; i < cpus.length; i++) {
            held[i] = cpus[i].beforeRestore();
        }
        state.restore();
        for (int i = 0; i < cpus.length; i++) {
            cpus[i].afterRestore(held[i]);
            engines[i].restore(cpus[i].engine());
        }
        // each changed range on its own: a span covering them all (a patch site and the payload area far above it)
        // would make Unicorn walk every page between, and a block-counting engine forget every block learned there
        for (long[] range : memory.restore()) {
            for (Cpu c : cpus) {
                c.engine().removeCache(range[0], range[1]);
            }
        }
        if (views != null) { // after shared memory: each CPU's private pages, and what it fetches, as they were
            host.machine().codeViews().restore(views);
        }
    }

    /** What the Java state does not enter: native state saved on its own, and immutable settings and images. */
    private static boolean opaque(Object o) {
        return o instanceof UnicornEngine || o instanceof GuestMemory || o instanceof GuestImage
                || o instanceof SymbolTable || o instanceof CodeViews || o instanceof CodeView
                || o instanceof MemorySegment || o instanceof Arena || o instanceof HostSettings
                || o instanceof SteppedHost || o instanceof HostSnapshot || o instanceof Thread;
    }

    @Override
    public void close() {
        for (int i = 0; i < cpus.length; i++) {
            engines[i].free(cpus[i].engine());
        }
        memory.close();
    }
}
