package dev.quiesce.coordinator.protocol;

import dev.quiesce.coordinator.plan.PlanDriver;
import dev.quiesce.coordinator.plan.StagedPlan;
import dev.quiesce.cpu.CpuControl;
import dev.quiesce.cpu.CpuEvent;
import dev.quiesce.host.QuantumHook;
import dev.quiesce.splice.Granularity;
import dev.quiesce.splice.registry.QuiescedAction;

import java.util.List;
import java.util.Optional;

/**
 * A protocol whose stores are made by one CPU — the requesting CPU — with that CPU's interrupts on or off, rather
 * than by a rendezvous: Linux's {@code apply_alternatives()} and {@code text_poke_early()}
 * (arch/x86/kernel/alternative.c), where the CPU that patches is the only one that can reach the code (at boot, or in
 * a module not live yet) and what its own interrupt handlers run between its stores is the hazard
 * (docs/protocol-api.md §3).
 *
 * <p>The CPU is held at its next quiescence point: from then on it stands for the CPU inside the patching code and
 * runs none of its own work. With {@link #irqsOffWhilePatching()} it first turns IRQs off ({@code local_irq_save});
 * otherwise its interrupts are delivered while it is held, and each handler returns to the held point — so an
 * interrupt between two stores runs whatever the stores have left. The action's stores are replayed with
 * {@link #granularity} and {@link #spacingNs}, no sync rounds. Then the CPU leaves: with
 * {@link #syncBeforeIrqsOn()} by {@link CpuControl#RELEASE} (serialised, then IF restored: {@code sync_core();
 * local_irq_restore()}), otherwise by {@link CpuControl#RELEASE_WITHOUT_SERIALISING} (IF restored first; a pending
 * interrupt runs before any sync). The action is reported done at that boundary: when the patching CPU gives its
 * interrupts the patched code back. Other CPUs are neither held nor synced: they run on as they would.
 */
public abstract class PatchingCpu implements RendezvousProtocol {

    private final ProtocolContext ctx;
    private QuiescedAction action;
    private int cpu;
    private boolean holdSent;
    private boolean arrived;
    private boolean ready;
    private PlanDriver driver;

    /** The protocol on the host of {@code ctx}. */
    protected PatchingCpu(ProtocolContext ctx) {
        this.ctx = ctx;
    }

    /** Whether the patching CPU turns its IRQs off before the first store ({@code local_irq_save()}). */
    protected abstract boolean irqsOffWhilePatching();

    /**
     * Whether the patching CPU serialises before its interrupts are enabled again ({@code sync_core()} inside the
     * IRQs-off region), or leaves without serialising (its next {@code IRET} is then its first serialising event).
     */
    protected abstract boolean syncBeforeIrqsOn();

    /** How the stores are cut: the patch policy's granularity, byte by byte by default ({@code memcpy}). */
    protected Granularity granularity(ProtocolContext.PatchPolicy policy) {
        return policy.granularityOr(Granularity.PER_BYTE);
    }

    /** Virtual time between two stores: the policy's spacing, at least 1 ns (the CPU runs between two stores). */
    protected long spacingNs(ProtocolContext.PatchPolicy policy) {
        return Math.max(1, policy.storeSpacingNs());
    }

    /**
     * The plan as this protocol makes it, from the captured one (a variant's choice: e.g. a final sync round,
     * {@link StagedPlan#withFinalSync()}); the plan unchanged by default.
     */
    protected StagedPlan prepare(StagedPlan plan) {
        return plan;
    }

    /** Whether the plan's sync rounds send the sync IPI to every CPU and wait for each; none do by default. */
    protected boolean syncByIpi() {
        return false;
    }

    /** The name of this class's {@link ProtocolSpec}. */
    @Override
    public String name() {
        return Protocols.nameOf(getClass());
    }

    @Override
    public final boolean busy() {
        return action != null;
    }

    @Override
    public final Optional<StagedPlan> inFlight() {
        return driver == null ? Optional.empty() : Optional.of(driver.plan());
    }

    @Override
    public final void start(QuiescedAction work, int requester, long nowNs) {
        if (busy()) {
            throw new IllegalStateException("an action is already in progress: " + action.payload());
        }
        action = work;
        cpu = requester;
        holdSent = false;
        arrived = false;
        ready = false;
    }

    @Override
    public final void onQuantum(long nowNs, List<CpuEvent> events, QuantumHook.Controls out,
                                List<RendezvousEvent> emitted) {
        if (!holdSent) {
            holdSent = true;
            out.add(cpu, CpuControl.HOLD_AT_QUIESCENCE);
            return;
        }
        for (CpuEvent e : events) {
            if (e instanceof CpuEvent.Quiescence q && q.cpu() == cpu && !arrived) {
                arrived = true;
                emitted.add(new RendezvousEvent.Arrived(q.time(), cpu));
                if (irqsOffWhilePatching()) {
                    out.add(cpu, CpuControl.IRQS_OFF);
                    return;
                }
                ready = true;
            } else if (e instanceof CpuEvent.IrqsOff o && o.cpu() == cpu && arrived && !ready) {
                emitted.add(new RendezvousEvent.IrqsOff(o.time(), cpu));
                ready = true;
            }
        }
        if (!ready) {
            return;
        }
        if (driver == null) {
            StagedPlan plan = prepare(ctx.stager().capture(action, granularity(ctx.policy())));
            emitted.add(new RendezvousEvent.ActionDone(nowNs, action.payload(), action.action().name()));
            boolean ipi = syncByIpi();
            driver = new PlanDriver(plan, ctx.cpus(), spacingNs(ctx.policy()), round -> ipi);
        }
        if (driver.onQuantum(nowNs, events, out, emitted)) {
            out.add(cpu, syncBeforeIrqsOn() ? CpuControl.RELEASE : CpuControl.RELEASE_WITHOUT_SERIALISING);
            QuiescedAction a = action;
            action = null;
            driver = null;
            emitted.add(new RendezvousEvent.Released(nowNs));
            a.released();
        }
    }
}
