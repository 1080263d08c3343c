package dev.quiesce.coordinator.protocol;

import dev.quiesce.cpu.CpuEvent;
import dev.quiesce.host.HostProbes;
import dev.quiesce.interrupt.InterruptKind;

import java.util.List;

/**
 * The NMI accounting of {@link XenRendezvous}'s window: the NMIs lost while Xen's {@code arch_livepatch_mask()}
 * (xen/arch/x86/livepatch.c) holds them ({@link RendezvousEvent.NmiLost}), and, under {@link NmiPolicy#ABORT}, the
 * NMI that enters a function the action changes, which aborts the action (kpatch's NMI check; docs/xen-livepatch.md).
 */
final class XenNmiWatch {

    private final XenWindow w;

    /** The accounting of window {@code w}. */
    XenNmiWatch(XenWindow w) {
        this.w = w;
    }

    /** The ranges to probe in the next quantum: the changed functions, under {@link NmiPolicy#ABORT} in a phase. */
    List<HostProbes.Range> probes() {
        if (w.nmi != NmiPolicy.ABORT || !w.inPhase()) {
            return List.of();
        }
        return w.leaving;
    }

    /**
     * Accounts event {@code e}: true when it is an NMI inside a function the action changes (the window's abort
     * reason is set, and the event counts for nothing else); a lost NMI in a phase is reported.
     */
    boolean observe(CpuEvent e, List<RendezvousEvent> emitted) {
        if (w.nmi == NmiPolicy.ABORT && w.inPhase() && e instanceof CpuEvent.Probe p && p.nmi()) {
            for (int i = 0; i < w.leaving.size(); i++) {
                HostProbes.Range r = w.leaving.get(i);
                if (p.pc() >= r.begin() && p.pc() < r.end()) {
                    String f = w.leavingNames.get(i);
                    emitted.add(new RendezvousEvent.NmiInPatchedFunction(p.time(), p.cpu(), f));
                    w.abortReason = "NMI on CPU %d entered %s, which the action changes, inside the window"
                            .formatted(p.cpu(), f);
                    return true;
                }
            }
        }
        if (w.inPhase()) {
            if (e instanceof CpuEvent.NmiSwallowed n) {
                emitted.add(new RendezvousEvent.NmiLost(n.time(), n.cpu(), true));
            } else if (e instanceof CpuEvent.InterruptLost l && l.kind() == InterruptKind.NMI) {
                emitted.add(new RendezvousEvent.NmiLost(l.time(), l.cpu(), false));
            }
        }
        return false;
    }
}
