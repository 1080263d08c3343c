package dev.quiesce.coordinator;

import dev.quiesce.coordinator.protocol.ProtocolContext;
import dev.quiesce.coordinator.protocol.ProtocolSpec;
import dev.quiesce.coordinator.protocol.plugin.ProtocolCatalog;
import dev.quiesce.coordinator.protocol.XenRendezvous;
import dev.quiesce.host.QuantumHook;

/**
 * Deliberately broken variants of Xen's rendezvous, for the oracles that judge what an action leaves behind; each
 * changes only how the rendezvous ends ({@link XenRendezvous#leave}). Listed in {@link #catalog()}, which the tests' host runs
 * look protocols up in.
 */
final class BrokenXenVariants {

    private BrokenXenVariants() {
    }

    /** The built-in protocols and both variants. */
    static ProtocolCatalog catalog() {
        return ProtocolCatalog.of(java.util.List.of())
                .with(AbortKeepsNmisMasked.class, AbortKeepsNmisMasked::new)
                .with(NeverReleasesLastCpu.class, NeverReleasesLastCpu::new);
    }

    /**
     * Xen's {@code check_for_xsplice_work()} before commit c5ed88110cd1 ("xsplice: Unmask (aka reinstall NMI
     * handler) if we need to abort", xen/common/xsplice.c, May 2016): when the CPU phase times out the master jumps
     * to {@code abort:}, which came after {@code arch_xsplice_unmask()}, so NMIs stay swallowed by
     * {@code mask_nmi_callback} forever. An IRQ-phase timeout or a done action still unmasks.
     */
    @ProtocolSpec(name = AbortKeepsNmisMasked.NAME, description = "xen.rendezvous before c5ed88110cd1: a CPU-phase"
            + " abort skips arch_livepatch_unmask()")
    static final class AbortKeepsNmisMasked extends XenRendezvous {
        static final String NAME = "test.xen.abort-keeps-nmis-masked";

        AbortKeepsNmisMasked(ProtocolContext ctx) {
            super(ctx);
        }

        @Override
        public String name() {
            return NAME;
        }

        @Override
        protected void leave(long nowNs, Ending how, QuantumHook.Controls out) {
            if (how != Ending.CPU_PHASE_TIMED_OUT) {
                unmaskNmis(out);
            }
            releaseAll(out);
        }
    }

    /** A rendezvous whose ending forgets the last CPU: it spins in {@code check_for_livepatch_work()} forever. */
    @ProtocolSpec(name = NeverReleasesLastCpu.NAME, description = "xen.rendezvous that never releases its last CPU")
    static final class NeverReleasesLastCpu extends XenRendezvous {
        static final String NAME = "test.xen.never-releases-last-cpu";

        NeverReleasesLastCpu(ProtocolContext ctx) {
            super(ctx);
        }

        @Override
        public String name() {
            return NAME;
        }

        @Override
        protected void leave(long nowNs, Ending how, QuantumHook.Controls out) {
            unmaskNmis(out);
            for (int c = 0; c < cpus() - 1; c++) {
                release(out, c);
            }
        }
    }
}
