package dev.quiesce.history.variant;

import dev.quiesce.coordinator.protocol.ProtocolContext;
import dev.quiesce.coordinator.protocol.ProtocolSpec;
import dev.quiesce.coordinator.protocol.XenRendezvous;
import dev.quiesce.cpu.CpuControl;

/**
 * Xen's rendezvous as shipped from commit b01c2fb5834a ("xen/x86/alternatives: Do not use sync_core() to serialize
 * I$", 2016): {@code arch_livepatch_post_action()} (xen/arch/x86/livepatch.c) is an empty {@code noinline} function,
 * a call and a return, instead of {@code cpuid_eax(0)}. For the master, which wrote the code, that is the SDM's
 * self-modifying option "jump" and is kept serialising; every other CPU leaves with control flow alone, which the
 * SDM's cross-modifying rule does not accept (docs/history.md, xen-serialise-after-patching).
 */
@ProtocolSpec(name = "history.xen-serialise-after-patching.buggy",
        description = "Xen after b01c2fb5834a: the other CPUs leave through a call/return, not serialised")
public final class XenReleaseWithoutSerialising extends XenRendezvous {

    /** The protocol on the host of {@code ctx}. */
    public XenReleaseWithoutSerialising(ProtocolContext ctx) {
        super(ctx);
    }

    @Override
    protected CpuControl releaseCommand(int cpu) {
        return cpu == master() ? CpuControl.RELEASE : CpuControl.RELEASE_WITHOUT_SERIALISING;
    }
}
