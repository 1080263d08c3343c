package dev.quiesce.history.variant;

import dev.quiesce.coordinator.protocol.ProtocolContext;
import dev.quiesce.coordinator.protocol.ProtocolSpec;
import dev.quiesce.coordinator.protocol.XenRendezvous;
import dev.quiesce.host.QuantumHook;

/**
 * Xen's rendezvous as it was before commit c5ed88110cd1 ("xsplice: Unmask (aka reinstall NMI handler) if we need
 * to abort", xen/common/xsplice.c, May 2016), the buggy variant of the history case
 * {@code xen-abort-skips-nmi-unmask}: when the CPU phase timed out, {@code check_for_xsplice_work()} jumped to its
 * {@code abort:} label, placed after {@code arch_xsplice_unmask()}, so {@code mask_nmi_callback} stayed installed
 * and every later NMI on every CPU was swallowed. The IRQ-phase timeout and the done path reached the unmask, as
 * here. The fixed variant is Xen's own {@code xen.rendezvous}, whose {@code abort:} label precedes the unmask.
 */
@ProtocolSpec(name = XenAbortSkipsUnmask.NAME,
        description = "history: Xen's rendezvous before c5ed88110cd1 (a CPU-phase timeout leaves NMIs masked)")
public final class XenAbortSkipsUnmask extends XenRendezvous {

    /** The registered name. */
    public static final String NAME = "history.xen-abort-skips-nmi-unmask.buggy";

    /** The protocol on the host of {@code ctx}. */
    public XenAbortSkipsUnmask(ProtocolContext ctx) {
        super(ctx);
    }

    @Override
    protected void leave(long nowNs, Ending ending, QuantumHook.Controls out) {
        if (ending != Ending.CPU_PHASE_TIMED_OUT) { // the bug: "goto abort" jumps past arch_xsplice_unmask()
            unmaskNmis(out);
        }
        releaseAll(out);
    }
}
