package dev.quiesce.history.variant;

import dev.quiesce.coordinator.protocol.ProtocolContext;
import dev.quiesce.coordinator.protocol.ProtocolSpec;
import dev.quiesce.coordinator.protocol.XenRendezvous;

/**
 * Xen's rendezvous with a serialising instruction on every CPU's way out: {@code cpuid_eax(0)} in
 * {@code arch_livepatch_post_action()} before commit b01c2fb5834a, the kind of instruction commit c5b06d0b1b4f
 * ("x86/alternatives: serialize after (self-)modifying code", 2025) put back after patching ({@code mov %cr2}).
 * The built-in {@code xen.rendezvous} already releases so; this is it under the corpus's name
 * (docs/history.md, xen-serialise-after-patching).
 */
@ProtocolSpec(name = "history.xen-serialise-after-patching.fixed",
        description = "Xen with a serialising instruction on every CPU's release (cpuid before b01c2fb5834a)")
public final class XenReleaseSerialising extends XenRendezvous {

    /** The protocol on the host of {@code ctx}. */
    public XenReleaseSerialising(ProtocolContext ctx) {
        super(ctx);
    }
}
