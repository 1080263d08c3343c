package dev.quiesce.history.variant;

import dev.quiesce.coordinator.protocol.ProtocolContext;
import dev.quiesce.coordinator.protocol.SharedWords;
import dev.quiesce.coordinator.protocol.XenRendezvous;
import dev.quiesce.cpu.CpuEvent;
import dev.quiesce.host.QuantumHook;

/**
 * Linux's {@code aarch64_insn_patch_text_cb()} (arch/arm64/kernel/insn.c, Linux 3.18; commit 899d5933b2dd fixed
 * its release), modelled on x86: the callback that every CPU runs from stop_machine's {@code MULTI_STOP_RUN} state,
 * racing on one counter, {@code cpu_count}, kept in the rendezvous words ({@link SharedWords}).
 * <ol>
 *   <li>stop_machine's gathering ({@code MULTI_STOP_PREPARE}, {@code MULTI_STOP_DISABLE_IRQ}) is Xen's CPU and IRQ
 *       phases: every CPU parked, IRQs off ({@link XenRendezvous}'s steps unchanged);</li>
 *   <li>{@link #gathered}: the run state begins; each CPU enters the callback at that instant, except a CPU inside
 *       an interrupt handler (an NMI or a machine check: IRQs are off), which enters at its handler's exit — the
 *       late arriver;</li>
 *   <li>entering is {@code atomic_inc_return(&cpu_count)} ({@link SharedWords#fetchAdd}); the CPU that reads 1 is
 *       the master: it patches ({@link #patch}), then signals the release ({@link #signal}) and returns;</li>
 *   <li>every other CPU spins until {@link #releases} holds for the value it loads, one load per quantum, at its
 *       start, and returns then ({@code RELEASE}). CPUs still spinning after the action's end keep the protocol
 *       {@link #lingering()}.</li>
 * </ol>
 * A CPU stuck in the spin stays parked with IRQs off, held by the coordinator: {@code RendezvousLiveness} reports it.
 */
public abstract class PatchTextCallback extends XenRendezvous {

    private final SharedWords.Word count;
    private final int[] depth;
    private final boolean[] late;
    private final boolean[] spinning;
    private int callbackMaster = -1;
    private long lastBoundary;

    /** The callback on the host of {@code ctx}. */
    protected PatchTextCallback(ProtocolContext ctx) {
        super(ctx);
        count = words().word("patch_text.cpu_count");
        depth = new int[cpus()];
        late = new boolean[cpus()];
        spinning = new boolean[cpus()];
    }

    /** The master's release after patching: what it writes to {@code cpu_count}, on behalf of {@code cpu}. */
    protected abstract void signal(int cpu, long nowNs, SharedWords.Word cpuCount);

    /** Whether a spinning CPU that loads {@code value} from {@code cpu_count} leaves the callback. */
    protected abstract boolean releases(long value);

    /** The call's {@code struct aarch64_insn_patch} is new: {@code cpu_count = ATOMIC_INIT(0)}, by the caller. */
    @Override
    protected void onHypercall(long nowNs, QuantumHook.Controls out) {
        super.onHypercall(nowNs, out);
        java.util.Arrays.fill(late, false);
        java.util.Arrays.fill(spinning, false);
        callbackMaster = -1;
        words().store(requester(), nowNs, count, 0, stepEvents());
    }

    @Override
    protected void onEvent(CpuEvent e, QuantumHook.Controls out) {
        if (e instanceof CpuEvent.InterruptEntry i) {
            depth[i.cpu()]++;
        } else if (e instanceof CpuEvent.InterruptExit x && depth[x.cpu()] > 0 && --depth[x.cpu()] == 0
                && late[x.cpu()]) {
            late[x.cpu()] = false;
            enter(x.cpu(), x.time(), out);
        }
    }

    /** {@code MULTI_STOP_RUN}: every CPU not inside a handler enters the callback now, in CPU order. */
    @Override
    protected void gathered(long nowNs, QuantumHook.Controls out) {
        lastBoundary = nowNs;
        for (int c = 0; c < cpus(); c++) {
            if (depth[c] > 0) {
                late[c] = true;
            } else {
                enter(c, nowNs, out);
            }
        }
    }

    /**
     * {@code cpu} enters the callback at {@code time}. A CPU that reads 1 after the master already patched (the
     * sentinel turned back into 0 by one late arriver, then 1 by a second) is a master again: it rewrites the same
     * instructions (nothing changes: the action ran once), signals and returns, as the real code would.
     */
    private void enter(int cpu, long time, QuantumHook.Controls out) {
        boolean first = words().fetchAdd(cpu, time, count, 1, stepEvents()) + 1 == 1;
        if (first && callbackMaster < 0) {
            callbackMaster = cpu;
            patch(stepNs(), out);
        } else if (first) {
            signal(cpu, time, count);
            release(out, cpu);
        } else {
            spinning[cpu] = true;
        }
    }

    /** The master patched: it signals the release and returns from the callback; the action is done. */
    @Override
    protected void patched(long nowNs, QuantumHook.Controls out) {
        signal(callbackMaster, nowNs, count);
        release(out, callbackMaster);
        endAction(nowNs, out);
    }

    /**
     * The spinning CPUs' loads, once per quantum at its start (the previous boundary, just after that boundary's
     * stores were published, before any event of the quantum); each that reads its release returns.
     */
    @Override
    protected void onRunStart(long nowNs, QuantumHook.Controls out) {
        for (int c = 0; c < cpus(); c++) {
            if (spinning[c] && releases(words().load(c, lastBoundary, count))) {
                spinning[c] = false;
                release(out, c);
            }
        }
    }

    @Override
    protected void onRunBoundary(long nowNs, QuantumHook.Controls out) {
        lastBoundary = nowNs;
    }

    /** The window ends: NMIs unmasked as the policy says; on the done path each CPU leaves by its own load. */
    @Override
    protected void leave(long nowNs, Ending ending, QuantumHook.Controls out) {
        unmaskNmis(out);
        if (ending != Ending.DONE) {
            releaseAll(out);
        }
    }

    @Override
    public boolean lingering() {
        for (int c = 0; c < cpus(); c++) {
            if (spinning[c] || late[c]) {
                return true;
            }
        }
        return false;
    }
}
