package dev.quiesce.coordinator.protocol;

import dev.quiesce.coordinator.plan.PlanDriver;
import dev.quiesce.coordinator.plan.StagedPlan;
import dev.quiesce.cpu.CpuEvent;
import dev.quiesce.host.QuantumHook;
import dev.quiesce.splice.Granularity;
import dev.quiesce.splice.registry.QuiescedAction;

import java.util.List;
import java.util.Optional;

/**
 * A protocol that never stops a CPU: at the hypercall's boundary the registry's work runs and its stores are replayed
 * while every CPU runs, with the subclass's granularity and spacing; sync rounds are real IPIs. What
 * {@link TextPokeInt3} and {@link UnsafeNoBarrier} share, and a base for variants of them (docs/protocol-api.md):
 * {@link #granularity}, {@link #spacingNs} and {@link #syncRound} are the steps a subclass chooses.
 */
public abstract class WithoutStop implements RendezvousProtocol {

    private final ProtocolContext ctx;
    private QuiescedAction action;
    private PlanDriver driver;

    /** The protocol on the host of {@code ctx}. */
    protected WithoutStop(ProtocolContext ctx) {
        this.ctx = ctx;
    }

    /** The name of this class's {@link ProtocolSpec}. */
    @Override
    public String name() {
        return Protocols.nameOf(getClass());
    }

    /** How the stores are cut (the plan's sync rounds come with the granularity: three for {@code INT3}). */
    protected abstract Granularity granularity(ProtocolContext.PatchPolicy policy);

    /** Virtual time between two stores. */
    protected abstract long spacingNs(ProtocolContext.PatchPolicy policy);

    /**
     * Whether the plan's sync round {@code round} (1-based: for {@code INT3} 1 after the int3s, 2 after the tails,
     * 3 after the first bytes) is Linux's {@code text_poke_sync()} — a {@link dev.quiesce.cpu.CpuControl#SYNC_IPI}
     * to every CPU, waited for — or passes at once (false: no sync). Every round syncs by default.
     */
    protected boolean syncRound(int round) {
        return true;
    }

    /**
     * When the guest's patch descriptor is published and torn down around the int3s (only with
     * {@code text-poke.int3-handler = guest}); Linux's order by default. Wrong orders exist for test variants that
     * show what the order protects (docs/guest-handlers.md).
     */
    protected dev.quiesce.coordinator.plan.PokeDescriptor.Order descriptorOrder() {
        return dev.quiesce.coordinator.plan.PokeDescriptor.Order.CORRECT;
    }

    /** The host of this protocol. */
    protected final ProtocolContext context() {
        return ctx;
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
    }

    @Override
    public final void onQuantum(long nowNs, List<CpuEvent> events, QuantumHook.Controls out,
                                List<RendezvousEvent> emitted) {
        if (driver == null) {
            StagedPlan plan = ctx.stager().capture(action, granularity(ctx.policy())).descriptorOrder(descriptorOrder());
            emitted.add(new RendezvousEvent.ActionDone(nowNs, action.payload(), action.action().name()));
            driver = new PlanDriver(plan, ctx.cpus(), spacingNs(ctx.policy()), this::syncRound);
        }
        if (driver.onQuantum(nowNs, events, out, emitted)) {
            QuiescedAction a = action;
            action = null;
            driver = null;
            emitted.add(new RendezvousEvent.Released(nowNs));
            a.released();
        }
    }
}
