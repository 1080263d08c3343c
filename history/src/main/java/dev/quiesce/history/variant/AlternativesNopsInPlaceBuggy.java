package dev.quiesce.history.variant;

import dev.quiesce.coordinator.protocol.PatchingCpu;
import dev.quiesce.coordinator.protocol.ProtocolContext;
import dev.quiesce.coordinator.protocol.ProtocolSpec;

/**
 * Linux's {@code optimize_nops()} applied in place before commit 2dc419613805 ("x86/alternatives: Disable interrupts
 * and sync when optimizing NOPs in place", 2023; arch/x86/kernel/alternative.c): the patching CPU rewrites a NOP run
 * byte by byte with its interrupts on and never serialises, so an interrupt between two stores executes a
 * half-written instruction (docs/history.md, alternatives-nops-in-place).
 */
@ProtocolSpec(name = "history.alternatives-nops-in-place.buggy",
        description = "optimize_nops() in place before 2dc419613805: byte stores with IRQs on, no sync")
public final class AlternativesNopsInPlaceBuggy extends PatchingCpu {

    /** The protocol on the host of {@code ctx}. */
    public AlternativesNopsInPlaceBuggy(ProtocolContext ctx) {
        super(ctx);
    }

    @Override
    protected boolean irqsOffWhilePatching() {
        return false;
    }

    @Override
    protected boolean syncBeforeIrqsOn() {
        return false;
    }
}
