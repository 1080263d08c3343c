package dev.quiesce.history.variant;

import dev.quiesce.coordinator.protocol.PatchingCpu;
import dev.quiesce.coordinator.protocol.ProtocolContext;
import dev.quiesce.coordinator.protocol.ProtocolSpec;

/**
 * Linux's {@code text_poke_early()} before commit 3ea1704a9296 ("x86/alternatives: Sync core before enabling
 * interrupts", 2023; arch/x86/kernel/alternative.c): {@code local_irq_save(); memcpy(); local_irq_restore();
 * sync_core();} — an interrupt that arrived while IRQs were off is taken at the restore, before the sync, and may
 * fetch bytes from before the stores. Only a stale-fetch model ({@code xmc = serialize}) can tell it from the
 * fixed order (docs/history.md, alternatives-nops-in-place).
 */
@ProtocolSpec(name = "history.alternatives-nops-in-place.irqs-on-before-sync",
        description = "text_poke_early() before 3ea1704a9296: IRQs off, stores, IRQs on, then sync")
public final class AlternativesIrqsOnBeforeSync extends PatchingCpu {

    /** The protocol on the host of {@code ctx}. */
    public AlternativesIrqsOnBeforeSync(ProtocolContext ctx) {
        super(ctx);
    }

    @Override
    protected boolean irqsOffWhilePatching() {
        return true;
    }

    @Override
    protected boolean syncBeforeIrqsOn() {
        return false;
    }
}
