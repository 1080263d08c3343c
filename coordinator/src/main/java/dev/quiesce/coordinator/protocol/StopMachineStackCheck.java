package dev.quiesce.coordinator.protocol;

import dev.quiesce.coordinator.plan.StagedPlan;
import dev.quiesce.cpu.CpuControl;
import dev.quiesce.cpu.CpuEvent;
import dev.quiesce.host.QuantumHook;
import dev.quiesce.splice.Granularity;
import dev.quiesce.splice.registry.ActionSite;
import dev.quiesce.splice.registry.QuiescedAction;

import java.util.Arrays;
import java.util.List;

/**
 * kpatch's and Ksplice's way (docs/peer-protocols.md: kpatch, Ksplice): {@code stop_machine()} stops every CPU wherever it is (once
 * its IRQs are enabled), then every CPU's stack is unwound by frame pointers; a return address — or the stopped PC
 * — inside a function the action changes (the old one on apply, the new one on revert:
 * {@code kpatch_verify_activeness_safety()}) fails the action with -EBUSY naming the CPU, function and frame, and
 * the caller retries later (kpatch: 5 times, 2 s apart). Otherwise the stores land while everyone is stopped.
 * Stopping is bounded by the action's timeout (a CPU that never enables IRQs): then -EBUSY too.
 */
@ProtocolSpec(name = StopMachineStackCheck.NAME, description = "kpatch/Ksplice: stop_machine, walk every stack, busy => -EBUSY")
public final class StopMachineStackCheck implements RendezvousProtocol {

    /** The registered name. */
    public static final String NAME = "stop-machine.stack-check";

    private final ProtocolContext ctx;
    private final int cpus;
    private final long[][] stacks;
    private final boolean[] dead;
    private QuiescedAction action;
    private boolean stopSent;
    /** The start of the abort reason when not every live CPU stopped by the deadline. */
    public static final String TIMED_OUT = "stop_machine timed out";

    private long deadline;
    private int stopped;

    /** The protocol on the host of {@code ctx}. */
    public StopMachineStackCheck(ProtocolContext ctx) {
        this.ctx = ctx;
        this.cpus = ctx.cpus();
        this.stacks = new long[cpus][];
        this.dead = new boolean[cpus];
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
    public long nextDeadlineNs() {
        return action == null ? Long.MAX_VALUE : deadline;
    }

    @Override
    public void start(QuiescedAction work, int requester, long nowNs) {
        if (busy()) {
            throw new IllegalStateException("an action is already in progress: " + action.payload());
        }
        action = work;
        stopSent = false;
        stopped = 0;
        Arrays.fill(stacks, null);
        deadline = nowNs + work.timeoutNs();
    }

    @Override
    public void onQuantum(long nowNs, List<CpuEvent> events, QuantumHook.Controls out, List<RendezvousEvent> emitted) {
        if (!stopSent) {
            stopSent = true;
            for (int c = 0; c < cpus; c++) {
                out.add(c, CpuControl.STOP);
                out.endNextQuantumOnStep(c); // the last stop ends the quantum: the check runs at that instant
            }
            return;
        }
        for (CpuEvent e : events) {
            if (e instanceof CpuEvent.Stopped s && stacks[s.cpu()] == null) {
                stacks[s.cpu()] = s.stack();
                stopped++;
            } else if (e instanceof CpuEvent.Fault f && !dead[f.cpu()]) {
                dead[f.cpu()] = true;
            }
        }
        int live = 0;
        for (int c = 0; c < cpus; c++) {
            live += dead[c] && stacks[c] == null ? 0 : 1;
        }
        if (stopped < live) {
            if (nowNs >= deadline) {
                finishAborted(nowNs, out, emitted, (TIMED_OUT + ": %d of %d CPUs stopped").formatted(stopped,
                        live));
                return;
            }
            for (int c = 0; c < cpus; c++) {
                if (stacks[c] == null && !dead[c]) {
                    out.endNextQuantumOnStep(c);
                }
            }
            return;
        }
        emitted.add(new RendezvousEvent.AllStopped(nowNs, stopped));
        List<ActionSite> changing = action.changing();
        for (int c = 0; c < cpus; c++) {
            long[] stack = stacks[c];
            for (int f = 0; stack != null && f < stack.length; f++) {
                for (ActionSite site : changing) {
                    long start = site.leavingStart();
                    if (stack[f] >= start && stack[f] < start + site.leavingSize()) {
                        emitted.add(new RendezvousEvent.StackBusy(nowNs, c, site.site().function(), f, stack[f]));
                        finishAborted(nowNs, out, emitted, ("CPU %d has %s on its stack (frame %d, 0x%x):"
                                + " the function is in use").formatted(c, site.site().function(), f, stack[f]));
                        return;
                    }
                }
            }
        }
        QuiescedAction a = action;
        StagedPlan plan = ctx.stager().capture(a, ctx.policy().granularityOr(Granularity.WHOLE_SITE));
        plan.finish(); // everyone is stopped: the stores need no sync
        emitted.add(new RendezvousEvent.ActionDone(nowNs, a.payload(), a.action().name()));
        release(nowNs, out, emitted);
        a.released();
    }

    private void finishAborted(long nowNs, QuantumHook.Controls out, List<RendezvousEvent> emitted, String reason) {
        QuiescedAction a = action;
        emitted.add(new RendezvousEvent.Aborted(nowNs, -16, reason));
        release(nowNs, out, emitted);
        a.abort(reason);
    }

    private void release(long nowNs, QuantumHook.Controls out, List<RendezvousEvent> emitted) {
        for (int c = 0; c < cpus; c++) {
            out.add(c, CpuControl.RELEASE);
        }
        emitted.add(new RendezvousEvent.Released(nowNs));
        action = null;
    }
}
