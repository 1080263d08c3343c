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
 * {@link TextPokeInt3} and {@link UnsafeNoBarrier} share.
 */
abstract class WithoutStop implements RendezvousProtocol {

    private final ProtocolContext ctx;
    private QuiescedAction action;
    private PlanDriver driver;

    WithoutStop(ProtocolContext ctx) {
        this.ctx = ctx;
    }

    /** How the stores are cut. */
    abstract Granularity granularity(ProtocolContext.PatchPolicy policy);

    /** Virtual time between two stores. */
    abstract long spacingNs(ProtocolContext.PatchPolicy policy);

    /**
     * Whether the plan's sync steps are real sync IPI rounds ({@code text_poke_sync()}: every CPU takes the IPI and
     * serialises in {@code do_sync_core()}); true here. A variant that returns false skips them — what a missing
     * sync looks like, visible only under a stale-fetch cross-modifying-code model (docs/cross-modifying-code.md).
     */
    boolean syncRounds() {
        return true;
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
            StagedPlan plan = ctx.stager().capture(action, granularity(ctx.policy()));
            emitted.add(new RendezvousEvent.ActionDone(nowNs, action.payload(), action.action().name()));
            driver = new PlanDriver(plan, ctx.cpus(), spacingNs(ctx.policy()), syncRounds());
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
