package dev.quiesce.history.variant;

import dev.quiesce.coordinator.protocol.ProtocolContext;
import dev.quiesce.coordinator.protocol.ProtocolSpec;
import dev.quiesce.coordinator.protocol.XenRendezvous;
import dev.quiesce.cpu.CpuEvent;
import dev.quiesce.host.QuantumHook;

/**
 * Linux's {@code patch_text} on stop_machine after commit 31a099dbd91e ("patch_text: Fixup last cpu should be
 * master", 2022: arch/arm64/kernel/patching.c, arch/riscv/kernel/patch.c, arch/csky/kernel/probes/kprobes.c,
 * arch/xtensa/kernel/jump_label.c), modelled on x86 as a variant of Xen's rendezvous; the fixed variant of the
 * history case {@code patch-text-first-cpu-patches}. {@code stop_machine_cpuslocked()} queues the callback on every
 * online CPU; each CPU entering it increments a shared counter (its arrival, at its quiescence point); the CPU whose
 * increment makes the count equal to the number of online CPUs patches, the others spin until it increments the
 * counter once more. In the model the first CPU at a quiescence point after the hypercall starts the count (it is
 * "elected", and the deadline is measured from it), the others are held from the next boundary, and the stores land
 * once every CPU arrived and turned its IRQs off, as in Xen's rendezvous.
 */
@ProtocolSpec(name = PatchTextLastCpuPatches.NAME,
        description = "history: patch_text after 31a099dbd91e (the last CPU to arrive patches)")
public class PatchTextLastCpuPatches extends XenRendezvous {

    /** The registered name. */
    public static final String NAME = "history.patch-text-first-cpu-patches.fixed";

    /** The protocol on the host of {@code ctx}. */
    public PatchTextLastCpuPatches(ProtocolContext ctx) {
        super(ctx);
    }

    /**
     * stop_machine queues the callback on every online CPU; none is singled out as Xen's requester is, so nobody is
     * held here: the first CPU at its quiescence point is the first into the callback ({@link #electsMaster}), and
     * the others are held from the next boundary ({@link #sendIpis}).
     */
    @Override
    protected void onHypercall(long nowNs, QuantumHook.Controls out) {
    }

    /** Whichever CPU enters the callback first starts the count ({@code atomic_inc_return()} returns 1). */
    @Override
    protected boolean electsMaster(CpuEvent.Quiescence q) {
        return true;
    }
}
