package dev.quiesce.coordinator.plan;

import dev.quiesce.coordinator.protocol.RendezvousEvent;
import dev.quiesce.cpu.CpuControl;
import dev.quiesce.cpu.CpuEvent;
import dev.quiesce.host.QuantumHook;
import dev.quiesce.interrupt.InterruptKind;
import dev.quiesce.splice.PlanStep;
import dev.quiesce.splice.Store;

import java.util.List;

/**
 * Runs a {@link StagedPlan} over quantum boundaries: with spacing 0 every store up to the next sync lands at one
 * boundary; with spacing {@code s} one store per boundary and the next quantum shrunk to {@code s}, so CPUs run a
 * few instructions between two stores. A sync round either needs nobody (every CPU is held, so
 * {@code ipiSync = false}) or sends {@link CpuControl#SYNC_IPI} to every CPU and waits until each live one has
 * taken it (Linux's {@code text_poke_sync()}; a CPU with IRQs off delays the round).
 */
public final class PlanDriver {

    private final StagedPlan plan;
    private final int cpus;
    private final long spacingNs;
    private final java.util.function.IntPredicate ipiSync;
    private final boolean[] acked;
    private final boolean[] dead;
    private boolean syncing;
    private long syncStarted;
    private int rounds;

    /** A driver of {@code plan} on {@code cpus} CPUs; {@code ipiSync} for every sync round or for none. */
    public PlanDriver(StagedPlan plan, int cpus, long spacingNs, boolean ipiSync) {
        this(plan, cpus, spacingNs, round -> ipiSync);
    }

    /**
     * A driver of {@code plan} on {@code cpus} CPUs whose sync round {@code r} (1-based, in plan order) sends IPIs
     * and waits for them when {@code ipiSync.test(r)}, and passes at once otherwise.
     */
    public PlanDriver(StagedPlan plan, int cpus, long spacingNs, java.util.function.IntPredicate ipiSync) {
        this.plan = plan;
        this.cpus = cpus;
        this.spacingNs = spacingNs;
        this.ipiSync = ipiSync;
        this.acked = new boolean[cpus];
        this.dead = new boolean[cpus];
    }

    /** The plan. */
    public StagedPlan plan() {
        return plan;
    }

    /** Sync rounds completed. */
    public int rounds() {
        return rounds;
    }

    /** Consumes a quantum's events and performs what is due at boundary {@code nowNs}; true once the plan is done. */
    public boolean onQuantum(long nowNs, List<CpuEvent> events, QuantumHook.Controls out,
                             List<RendezvousEvent> emitted) {
        for (CpuEvent e : events) {
            if (e instanceof CpuEvent.Fault f) {
                dead[f.cpu()] = true;
            } else if (syncing && e instanceof CpuEvent.InterruptEntry i && i.kind() == InterruptKind.IRQ
                    && i.vector() == CpuControl.SYNC_VECTOR) {
                acked[i.cpu()] = true;
            }
        }
        if (syncing) {
            for (int c = 0; c < cpus; c++) {
                if (!acked[c] && !dead[c]) {
                    return false;
                }
            }
            syncing = false;
            plan.advance();
            emitted.add(new RendezvousEvent.SyncDone(nowNs, ++rounds, syncStarted));
        }
        while (!plan.done()) {
            if (plan.atSync()) {
                if (!ipiSync.test(rounds + 1)) {
                    plan.advance();
                    rounds++;
                    continue;
                }
                syncing = true;
                syncStarted = nowNs;
                java.util.Arrays.fill(acked, false);
                for (int c = 0; c < cpus; c++) {
                    out.add(c, CpuControl.SYNC_IPI);
                }
                return false;
            }
            PlanStep s = plan.advance();
            if (s instanceof Store st) {
                emitted.add(new RendezvousEvent.Stored(nowNs, st.address(), st.length()));
            }
            if (spacingNs > 0 && !plan.done()) {
                out.shrinkNextQuantum(spacingNs);
                return false;
            }
        }
        return true;
    }
}
