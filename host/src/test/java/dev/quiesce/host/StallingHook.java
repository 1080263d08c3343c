package dev.quiesce.host;

import dev.quiesce.cpu.CpuEvent;
import dev.quiesce.guest.GuestLayout;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A quantum hook for tests of spans (docs/architecture.md §3 rule 8) that stalls a CPU, as a straggler does (the
 * guest's per-CPU stall knob), at the first boundary at or after each of its instants, notes every boundary in the
 * trace, and promises to be quiet in between.
 */
public final class StallingHook implements QuantumHook {
    private final long[] storesAt;
    private int next;
    private HostMachine machine;
    private final List<String> seen = new ArrayList<>();
    private final List<Long> stores = new ArrayList<>();
    private int asked;

    /** A hook that stalls CPU {@code n % cpus} at the {@code n}th of {@code storesAt}. */
    public StallingHook(long[] storesAt) {
        this.storesAt = storesAt.clone();
    }

    /** The machine whose guest memory it writes (set before the run). */
    public void machine(HostMachine m) {
        this.machine = m;
    }

    /** Every boundary it saw, as {@code time:events}. */
    public List<String> seen() {
        return seen;
    }

    /** The boundaries it stored at. */
    public List<Long> stores() {
        return stores;
    }

    /** How often the host asked how long it stays quiet. */
    public int asked() {
        return asked;
    }

    @Override
    public void afterQuantum(long nowNs, List<CpuEvent> events, HostLockstep lockstep, Controls out) {
        seen.add(nowNs + ":" + events.size());
        lockstep.note(ByteBuffer.allocate(9).put((byte) 0x3e).putLong(nowNs).array());
        while (next < storesAt.length && storesAt[next] <= nowNs) {
            int cpu = next % machine.settings().cpus();
            machine.memory().writeU64(machine.percpuField(cpu, GuestLayout.PERCPU_STALL_ITERS), 20_000);
            stores.add(nowNs);
            next++;
        }
    }

    @Override
    public long quietUntilNs(long nowNs) {
        asked++;
        return next < storesAt.length ? storesAt[next] : Long.MAX_VALUE;
    }
}
