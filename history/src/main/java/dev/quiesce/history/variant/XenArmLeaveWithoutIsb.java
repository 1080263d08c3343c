package dev.quiesce.history.variant;

import dev.quiesce.coordinator.protocol.ProtocolContext;
import dev.quiesce.coordinator.protocol.ProtocolSpec;
import dev.quiesce.coordinator.protocol.XenRendezvous;
import dev.quiesce.cpu.CpuControl;

/**
 * Xen's rendezvous on Arm before commit 84c3ae30aa79 ("xen/arm: livepatch: Prevent CPUs to fetch stale instructions
 * after livepatching", 2019): {@code arch_livepatch_post_action()} (xen/arch/arm/livepatch.c) was empty, its comment
 * saying that {@code arch_livepatch_revive()} had already invalidated the instruction cache. The master, which
 * patched and ran {@code invalidate_icache()} ({@code ic ialluis; dsb ish; isb}), leaves synchronised; every other
 * CPU leaves its spin loop with no context synchronisation event, which the Arm ARM (B2.2.5) requires of each PE
 * that may execute the modified instructions (docs/history.md, xen-arm-isb-after-patching).
 */
@ProtocolSpec(name = "history.xen-arm-isb-after-patching.buggy",
        description = "Xen on Arm before 84c3ae30aa79: the other CPUs leave the rendezvous without an isb")
public final class XenArmLeaveWithoutIsb extends XenRendezvous {

    /** The protocol on the host of {@code ctx}. */
    public XenArmLeaveWithoutIsb(ProtocolContext ctx) {
        super(ctx);
    }

    @Override
    protected CpuControl releaseCommand(int cpu) {
        return cpu == master() ? CpuControl.RELEASE : CpuControl.RELEASE_WITHOUT_SERIALISING;
    }
}
