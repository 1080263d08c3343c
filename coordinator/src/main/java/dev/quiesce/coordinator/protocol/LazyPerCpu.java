package dev.quiesce.coordinator.protocol;

import dev.quiesce.coordinator.plan.Int3Emulation;
import dev.quiesce.coordinator.plan.StagedPlan;
import dev.quiesce.cpu.CpuControl;
import dev.quiesce.cpu.CpuEvent;
import dev.quiesce.host.QuantumHook;
import dev.quiesce.isa.A64;
import dev.quiesce.isa.Arch;
import dev.quiesce.isa.X86;
import dev.quiesce.splice.Granularity;
import dev.quiesce.splice.SiteChange;
import dev.quiesce.splice.registry.ActionSite;
import dev.quiesce.splice.registry.QuiescedAction;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * kGraft-like lazy migration (docs/peer-protocols.md: kGraft, klp; klp's per-task {@code patch_state}, kernel/livepatch/transition.c):
 * no global stop. Each patched entry (an ftrace-style 5-byte pad, {@code patchable_function_entry(5)}; on AArch64 two
 * NOPs, the first becoming a {@code B}) first jumps to a trampoline that reads the executing CPU's universe byte at
 * {@code %gs:universe} (AArch64: through TPIDR_EL1, {@link A64Dispatch}) — per-CPU data, as the kernel's
 * {@code current} is — and goes to the new code if the CPU switched, else to the old. Each CPU is held at
 * its next quiescence point, switched there and released, so between two quiescence points it only ever runs one
 * universe. When every CPU switched, the entries get their final JMPs. No deadline: a CPU that never reaches a
 * quiescence point keeps the transition open (klp's stalled transition).
 */
@ProtocolSpec(name = LazyPerCpu.NAME, description = "kGraft-like: each CPU switches universe at its own quiescence point")
public final class LazyPerCpu implements RendezvousProtocol {

    /** The registered name. */
    public static final String NAME = "lazy.per-cpu";

    private static final int TRAMPOLINE_SIZE = 32;

    private final ProtocolContext ctx;
    private final int cpus;
    private final boolean[] switched;
    private final boolean[] dead;
    private QuiescedAction action;
    private StagedPlan plan;
    private List<SiteChange> changes;
    private boolean holdSent;
    private int count;
    private int generation;

    /**
     * The protocol on the host of {@code ctx}: with a machine it installs trampolines in the host's trampoline area
     * and switches per-CPU universe bytes; without one (a fleet's modelled host) only the per-CPU switching runs.
     */
    public LazyPerCpu(ProtocolContext ctx) {
        this.ctx = ctx;
        this.cpus = ctx.cpus();
        this.switched = new boolean[cpus];
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
    public void start(QuiescedAction work, int requester, long nowNs) {
        if (busy()) {
            throw new IllegalStateException("an action is already in progress: " + action.payload());
        }
        action = work;
        plan = null;
        holdSent = false;
        count = 0;
        java.util.Arrays.fill(switched, false);
    }

    @Override
    public void onQuantum(long nowNs, List<CpuEvent> events, QuantumHook.Controls out, List<RendezvousEvent> emitted) {
        if (plan == null && !begin(nowNs, out, emitted)) {
            return;
        }
        for (CpuEvent e : events) {
            if (e instanceof CpuEvent.Fault f) {
                dead[f.cpu()] = true;
            } else if (holdSent && e instanceof CpuEvent.Quiescence q && !switched[q.cpu()]) {
                switched[q.cpu()] = true; // parked at its quiescence point: switch it there
                count++;
                if (ctx.memory() != null) { // a modelled host (fleet) has no guest memory: only the switch counts
                    ctx.memory().write(universe(q.cpu()), new byte[] {(byte) generation});
                }
                out.add(q.cpu(), CpuControl.RELEASE);
                emitted.add(new RendezvousEvent.Switched(q.time(), q.cpu()));
            }
        }
        if (!holdSent) {
            holdSent = true;
            for (int c = 0; c < cpus; c++) {
                out.add(c, CpuControl.HOLD_AT_QUIESCENCE);
            }
            return;
        }
        int live = 0;
        for (int c = 0; c < cpus; c++) {
            live += dead[c] && !switched[c] ? 0 : 1;
        }
        if (count < live) {
            return;
        }
        plan.finish(); // every CPU is in the new universe: the final JMPs change nothing it can observe
        QuiescedAction a = action;
        action = null;
        plan = null;
        emitted.add(new RendezvousEvent.Released(nowNs));
        a.released();
    }

    /** Installs the dispatching trampolines; false (and the action aborted) when a site has no entry pad. */
    private boolean begin(long nowNs, QuantumHook.Controls out, List<RendezvousEvent> emitted) {
        ProtocolContext.HostLayout layout = ctx.layout();
        if (ctx.memory() == null || layout == null) { // a modelled host: no code to dispatch, the switching is the model
            plan = ctx.stager().capture(action, Granularity.WHOLE_SITE);
            changes = plan.changes();
            generation = generation % 255 + 1;
            emitted.add(new RendezvousEvent.ActionDone(nowNs, action.payload(), action.action().name()));
            return true;
        }
        boolean a64 = layout.arch() == Arch.AARCH64;
        for (ActionSite s : action.changing()) {
            if (!(a64 ? A64Dispatch.padded(ctx.memory(), s.site().oldAddr()) : x86Padded(s.site().oldAddr()))) {
                String reason = ("lazy.per-cpu needs an ftrace-style %s entry pad (patchable_function_entry(%d)) at"
                        + " %s to dispatch by universe; it has none: use another protocol").formatted(
                        a64 ? "two-NOP" : "5-byte", a64 ? 2 : 5, s.site().function());
                QuiescedAction a = action;
                action = null;
                emitted.add(new RendezvousEvent.Aborted(nowNs, -16, reason));
                a.abort(reason);
                return false;
            }
        }
        plan = ctx.stager().capture(action, Granularity.WHOLE_SITE);
        changes = plan.changes();
        if (changes.size() * 2L * TRAMPOLINE_SIZE > layout.trampolineSize()) {
            throw new IllegalStateException("too many sites for the trampoline area: " + changes.size());
        }
        generation = generation % 255 + 1;
        long area = layout.trampolines() + (generation % 2) * (layout.trampolineSize() / 2); // not the last one's
        emitted.add(new RendezvousEvent.ActionDone(nowNs, action.payload(), action.action().name()));
        for (int i = 0; i < changes.size(); i++) {
            SiteChange c = changes.get(i);
            long t = area + (long) i * TRAMPOLINE_SIZE;
            int site = a64 ? A64.INSN_SIZE : X86.JMP_REL32_SIZE;
            if (a64) {
                ctx.memory().writeCode(t, A64Dispatch.trampoline(t, layout.universeOffset(), generation,
                        A64Dispatch.target(c.address(), c.after()), A64Dispatch.target(c.address(), c.before())));
                ctx.memory().writeCode(c.address(), A64.bytes(A64.b(c.address(), t)));
            } else {
                ctx.memory().writeCode(t, trampoline(t, layout.universeOffset(), generation,
                        Int3Emulation.target(new SiteChange(c.function(), c.address(), c.after(), c.after())),
                        Int3Emulation.target(new SiteChange(c.function(), c.address(), c.before(), c.before()))));
                ctx.memory().writeCode(c.address(), jump(c.address(), t));
            }
            ctx.memory().maintainCode(t, TRAMPOLINE_SIZE); // each store with its cache maintenance (xmc = arm)
            ctx.memory().maintainCode(c.address(), site);
            emitted.add(new RendezvousEvent.Stored(nowNs, c.address(), site));
        }
        return true;
    }

    private boolean x86Padded(long at) {
        byte[] head = ctx.memory().read(at, 5);
        return head[0] == X86.JMP_REL32 || java.util.Arrays.equals(head, X86.idealNop(5));
    }

    /** {@code cmpb $gen, %gs:off; je after; jmp before}. */
    static byte[] trampoline(long at, long universeOffset, int gen, long after, long before) {
        ByteBuffer b = ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x65).put((byte) 0x80).put((byte) 0x3c).put((byte) 0x25).putInt((int) universeOffset)
                .put((byte) gen);
        b.put((byte) 0x0f).put((byte) 0x84).putInt(rel(at + 9 + 6, after));
        b.put(X86.withRel32(X86.JMP_REL32, at + 20, before));
        return b.array();
    }

    private static byte[] jump(long at, long target) {
        return X86.jmpRel32(at, target);
    }

    private static int rel(long next, long target) {
        long d = target - next;
        if (d != (int) d) {
            throw new IllegalStateException("trampoline jump out of rel32 range");
        }
        return (int) d;
    }

    private long universe(int cpu) {
        ProtocolContext.HostLayout l = ctx.layout();
        return l.percpuBase() + l.percpuStride() * cpu + l.universeOffset();
    }
}
