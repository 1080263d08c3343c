package dev.quiesce.history.variant;

import dev.quiesce.coordinator.protocol.PatchingCpu;
import dev.quiesce.coordinator.protocol.ProtocolContext;
import dev.quiesce.coordinator.protocol.ProtocolSpec;

/**
 * Linux's {@code optimize_nops_inplace()} from commit 2dc419613805 (arch/x86/kernel/alternative.c):
 * {@code local_irq_save(); optimize_nops(); sync_core(); local_irq_restore();} — no interrupt of the patching CPU
 * runs between two stores, and the one that waited runs the finished bytes (docs/history.md).
 */
@ProtocolSpec(name = "history.alternatives-nops-in-place.fixed",
        description = "optimize_nops_inplace() of 2dc419613805: IRQs off, byte stores, sync_core, IRQs on")
public final class AlternativesNopsInPlaceFixed extends PatchingCpu {

    /** The protocol on the host of {@code ctx}. */
    public AlternativesNopsInPlaceFixed(ProtocolContext ctx) {
        super(ctx);
    }

    @Override
    protected boolean irqsOffWhilePatching() {
        return true;
    }

    @Override
    protected boolean syncBeforeIrqsOn() {
        return true;
    }
}
