package dev.quiesce.coordinator.protocol;

import dev.quiesce.coordinator.plan.PlanDriver;
import dev.quiesce.coordinator.plan.StagedPlan;
import dev.quiesce.coordinator.protocol.XenWindow.State;
import dev.quiesce.cpu.CpuEvent;
import dev.quiesce.host.QuantumHook;
import dev.quiesce.splice.Granularity;
import dev.quiesce.splice.registry.QuiescedAction;

import java.util.List;
import java.util.Optional;

/**
 * The run of {@link XenRendezvous}'s action once every CPU is gathered: the master's stores, captured and replayed by
 * the patch policy's {@link PlanDriver} (Xen's master applies the payload while the others spin,
 * {@code do_livepatch_work()}, xen/common/livepatch.c), and each boundary of the run handed to the variant's steps.
 */
final class XenPatchRun {

    private final XenRendezvous x;
    private final XenWindow w;
    private final ProtocolContext ctx;
    private PlanDriver driver;
    private long patchStartedNs;

    /** The run of {@code x}'s actions, over window {@code w}, on the host of {@code ctx}. */
    XenPatchRun(XenRendezvous x, XenWindow w, ProtocolContext ctx) {
        this.x = x;
        this.w = w;
        this.ctx = ctx;
    }

    /** The plan whose stores are landing, while they are. */
    Optional<StagedPlan> inFlight() {
        return w.state == State.PATCHING ? Optional.of(driver.plan()) : Optional.empty();
    }

    /**
     * One boundary after the gathering (or while lingering): the variant's run steps around the quantum's events, and
     * the stores in flight; once all landed, {@link XenRendezvous#patched}.
     */
    void step(long nowNs, List<CpuEvent> events, QuantumHook.Controls out, List<RendezvousEvent> emitted) {
        x.onRunStart(nowNs, out);
        for (CpuEvent e : events) {
            x.onEvent(e, out);
        }
        if (w.state == State.PATCHING && nowNs > patchStartedNs && driver.onQuantum(nowNs, events, out, emitted)) {
            w.state = State.RUN;
            x.patched(nowNs, out);
        }
        x.onRunBoundary(nowNs, out);
    }

    /** Runs the action at {@code nowNs}: its stores captured and started; {@link XenRendezvous#patched} if all landed. */
    void patch(long nowNs, QuantumHook.Controls out, List<RendezvousEvent> stepEvents) {
        QuiescedAction a = w.action;
        StagedPlan plan = ctx.stager().capture(a, ctx.policy().granularityOr(Granularity.WHOLE_SITE));
        stepEvents.add(new RendezvousEvent.ActionDone(nowNs, a.payload(), a.action().name()));
        driver = new PlanDriver(plan, w.cpus, ctx.policy().storeSpacingNs(), false);
        patchStartedNs = nowNs;
        if (driver.onQuantum(nowNs, List.of(), out, stepEvents)) {
            x.patched(nowNs, out);
        } else {
            w.state = State.PATCHING;
        }
    }
}
