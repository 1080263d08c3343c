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
 * No barrier at all: the action's stores land while every CPU runs — the baseline that shows why barriers exist
 * (DESIGN.md §5). Stores are byte by byte by default (what a plain {@code memcpy} such as Xen's x86
 * {@code rep movsb} tail does) and at least 1 ns apart, so CPUs execute between two of them: a CPU can fetch a
 * half-written JMP, or run an old and a new function of one payload between two quiescence points.
 */
@ProtocolSpec(name = UnsafeNoBarrier.NAME, description = "stores while every CPU runs: the races, as a baseline")
public final class UnsafeNoBarrier implements RendezvousProtocol {

    /** The registered name. */
    public static final String NAME = "unsafe.no-barrier";

    private final ProtocolContext ctx;
    private QuiescedAction action;
    private PlanDriver driver;
    private boolean started;

    /** The protocol on the host of {@code ctx}. */
    public UnsafeNoBarrier(ProtocolContext ctx) {
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
        started = false;
    }

    @Override
    public void onQuantum(long nowNs, List<CpuEvent> events, QuantumHook.Controls out, List<RendezvousEvent> emitted) {
        if (!started) {
            started = true;
            StagedPlan plan = ctx.stager().capture(action, ctx.policy().granularityOr(Granularity.PER_BYTE));
            emitted.add(new RendezvousEvent.ActionDone(nowNs, action.payload(), action.action().name()));
            driver = new PlanDriver(plan, ctx.cpus(), Math.max(1, ctx.policy().storeSpacingNs()), true);
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
