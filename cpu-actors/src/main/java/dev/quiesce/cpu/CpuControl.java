package dev.quiesce.cpu;

/**
 * A coordinator's command to one CPU, applied at the next quantum boundary (DESIGN.md §3): the
 * simulator's side of Xen's rendezvous in {@code do_livepatch_work()} and {@code livepatch_spin()}
 * (xen/common/livepatch.c).
 */
public enum CpuControl {
    /**
     * Stop at the next quiescence point and stay there (Xen: the IPI'd tasklet sets {@code work_to_do}; the
     * CPU enters {@code do_livepatch_work()} from its idle loop and spins). Virtual time advances while
     * held; IRQs are still delivered and their handlers return to the held point. Reaching the point is
     * reported as a {@link CpuEvent.Quiescence}.
     */
    HOLD_AT_QUIESCENCE,
    /**
     * Once held (and out of any interrupt handler): clear RFLAGS.IF ({@code local_irq_save}) and report a
     * {@link CpuEvent.IrqsOff}.
     */
    IRQS_OFF,
    /**
     * Leave the rendezvous: restore IF as it was and continue from the held point. Serialising
     * ({@code arch_livepatch_post_action()}) needs no flush here: under the {@code coherent} model every
     * code write already dropped each engine's stale translations (a full TB flush per CPU costs ~2 s of
     * system time per release).
     */
    RELEASE
}
