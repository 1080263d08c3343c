package dev.quiesce.coordinator.protocol;

import dev.quiesce.coordinator.plan.PlanDriver;
import dev.quiesce.coordinator.plan.StagedPlan;
import dev.quiesce.cpu.CpuEvent;
import dev.quiesce.cpu.host.QuantumHook;
import dev.quiesce.splice.Granularity;
import dev.quiesce.splice.registry.QuiescedAction;

import java.util.List;
import java.util.Optional;

/**
 * Linux's {@code text_poke_bp_batch()} (arch/x86/kernel/alternative.c; peer-protocols A6): no global stop. An int3
 * goes on every site, then a "sync all CPUs" IPI round ({@code text_poke_sync()}); then every site's tail, sync;
 * then every first byte, sync — three synchronous rounds per batch. A CPU that executes a site's int3 meanwhile
 * takes the trap and continues as the instruction being written (or the one being replaced) would — never a mix.
 * A CPU with IRQs disabled holds a round up until it enables them.
 */
@ProtocolSpec(name = TextPokeInt3.NAME, description = "Linux text_poke_bp: int3, tail, first byte, a sync IPI after each")
public final class TextPokeInt3 implements RendezvousProtocol {

    /** The registered name. */
    public static final String NAME = "text-poke.int3";

    private final ProtocolContext ctx;
    private QuiescedAction action;
    private PlanDriver driver;

    /** The protocol on the host of {@code ctx}. */
    public TextPokeInt3(ProtocolContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean busy() {
        return action != null;
    }

    @Override
    public Optional<StagedPlan> inFlight() {
        return driver == null ? Optional.empty() : Optional.of(driver.plan());
    }

    @Override
    public void start(QuiescedAction work, int requester, long nowNs) {
        if (busy()) {
            throw new IllegalStateException("an action is already in progress: " + action.payload());
        }
        action = work;
    }

    @Override
    public void onQuantum(long nowNs, List<CpuEvent> events, QuantumHook.Controls out, List<RendezvousEvent> emitted) {
        if (driver == null) {
            StagedPlan plan = ctx.stager().capture(action, Granularity.INT3);
            emitted.add(new RendezvousEvent.ActionDone(nowNs, action.payload(), action.action().name()));
            driver = new PlanDriver(plan, ctx.cpus(), ctx.policy().storeSpacingNs(), true);
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
