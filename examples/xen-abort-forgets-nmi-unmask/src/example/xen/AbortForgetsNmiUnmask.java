package example.xen;

import dev.quiesce.coordinator.protocol.ProtocolContext;
import dev.quiesce.coordinator.protocol.ProtocolSpec;
import dev.quiesce.coordinator.protocol.XenRendezvous;
import dev.quiesce.host.QuantumHook;

/**
 * Xen's rendezvous as it was before commit c5ed88110cd1 ("xsplice: Unmask (aka reinstall NMI handler) if we need
 * to abort", xen/common/xsplice.c, May 2016): when the CPU phase timed out, check_for_xsplice_work() jumped to its
 * {@code abort:} label, which came after {@code arch_xsplice_unmask()}, so the NMI callback stayed
 * {@code mask_nmi_callback} and every later NMI on every CPU was swallowed. The IRQ-phase timeout and the done
 * path fell through to the unmask, as here.
 */
@ProtocolSpec(name = "example.xen-abort-forgets-nmi-unmask",
        description = "Xen's rendezvous before c5ed88110cd1: a CPU-phase timeout leaves NMIs masked")
public final class AbortForgetsNmiUnmask extends XenRendezvous {

    /** The protocol on the host of {@code ctx}. */
    public AbortForgetsNmiUnmask(ProtocolContext ctx) {
        super(ctx);
    }

    @Override
    protected void leave(long nowNs, Ending ending, QuantumHook.Controls out) {
        if (ending != Ending.CPU_PHASE_TIMED_OUT) { // the bug: "goto abort" skips arch_xsplice_unmask()
            unmaskNmis(out);
        }
        releaseAll(out);
    }
}
