package dev.quiesce.history.variant;

import dev.quiesce.coordinator.protocol.ProtocolContext;
import dev.quiesce.coordinator.protocol.ProtocolSpec;
import dev.quiesce.coordinator.protocol.XenRendezvous;

/**
 * Xen's rendezvous on Arm from commit 84c3ae30aa79 on: every CPU leaving runs {@code arch_livepatch_post_action()},
 * now an {@code isb()} ("Discard any stale instructions that may have been fetched", xen/arch/arm/livepatch.c). The
 * built-in {@code xen.rendezvous} already releases every CPU with a synchronising event; this is it under the
 * corpus's name (docs/history.md, xen-arm-isb-after-patching).
 */
@ProtocolSpec(name = "history.xen-arm-isb-after-patching.fixed",
        description = "Xen on Arm from 84c3ae30aa79: every CPU leaving the rendezvous executes an isb")
public final class XenArmLeaveWithIsb extends XenRendezvous {

    /** The protocol on the host of {@code ctx}. */
    public XenArmLeaveWithIsb(ProtocolContext ctx) {
        super(ctx);
    }
}
