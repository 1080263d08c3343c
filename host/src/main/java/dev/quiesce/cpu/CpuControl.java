package dev.quiesce.cpu;

/**
 * A coordinator's command to one CPU, applied at the next quantum boundary (docs/architecture.md §3 rule 3): the
 * simulator's side of Xen's rendezvous in {@code do_livepatch_work()} and {@code livepatch_spin()}
 * (xen/common/livepatch.c). A CPU parked in the rendezvous notices {@link #IRQS_OFF} and {@link #RELEASE} at its spin
 * loop's next read ({@link SpinLoop}, rule 7), as Xen's spinning CPUs notice {@code ready} and {@code do_work}.
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
     * Swallow NMIs until {@link #UNMASK_NMIS} (Xen's {@code arch_livepatch_mask()}, xen/arch/x86/livepatch.c: the
     * global NMI callback becomes {@code mask_nmi_callback}, which returns "handled" for every NMI): an NMI the
     * CPU would deliver is dropped and reported as a {@link CpuEvent.NmiSwallowed}; the handler never runs.
     */
    MASK_NMIS_SWALLOW,
    /**
     * Hold NMIs back until {@link #UNMASK_NMIS}: an arriving NMI stays in the CPU's one-NMI latch (further ones
     * are lost as {@link CpuEvent.InterruptLost}) and is delivered after the release — the alternative to
     * Xen's {@code mask_nmi_callback} (xen/arch/x86/livepatch.c) that loses nothing a latch can hold.
     */
    MASK_NMIS_DEFER,
    /**
     * Stop where the CPU is, as stop_machine's stopper does (Linux {@code multi_cpu_stop()}, kernel/stop_machine.c,
     * as kpatch and Ksplice use it): at the first instruction boundary outside any interrupt handler with IRQs
     * enabled, the CPU reports its unwound stack as a {@link CpuEvent.Stopped}, disables IRQs and stays there until
     * {@link #RELEASE}. NMIs are still delivered.
     */
    STOP,
    /**
     * A synchronous "sync all CPUs" IPI ({@code text_poke_sync()} → {@code on_each_cpu(do_sync_core)}): an IRQ on
     * {@link #SYNC_VECTOR}, taken when the CPU has IRQs enabled and reported as its
     * {@link CpuEvent.InterruptEntry}/{@link CpuEvent.InterruptExit}; serialising like any interrupt.
     */
    SYNC_IPI,
    /**
     * Clear the NMI mask of {@link #MASK_NMIS_SWALLOW} or {@link #MASK_NMIS_DEFER} (Xen's {@code arch_livepatch_unmask()},
     * xen/arch/x86/livepatch.c, which reinstalls the NMI callback): a step of its own, so a protocol that forgets it
     * (Xen before commit c5ed88110cd1, "xsplice: Unmask (aka reinstall NMI handler) if we need to abort") leaves
     * NMIs masked after its release. A deferred NMI is delivered once the CPU is also released.
     */
    UNMASK_NMIS,
    /**
     * Leave the rendezvous: restore IF as it was and continue from the held point; the NMI mask stays until
     * {@link #UNMASK_NMIS}. Serialising
     * ({@code arch_livepatch_post_action()}, stop_machine's exit): under a stale-fetch cross-modifying-code model the
     * CPU observes every code store before it runs again (docs/cross-modifying-code.md); under {@code coherent}
     * every code write already dropped each engine's stale translations (a full TB flush per CPU costs ~2 s of
     * system time per release).
     */
    RELEASE,
    /**
     * Leave the rendezvous as {@link #RELEASE} does (IF restored, hold and stop cleared, counted as a release), but
     * <em>without</em> serialising: under a stale-fetch cross-modifying-code model the CPU goes on fetching the code
     * it observed before, until its own next serialising event ({@code IRET}, {@code CPUID}, a sync IPI). What a
     * release is when the code on the way out only changes control flow — Xen's x86
     * {@code arch_livepatch_post_action()}, an empty {@code noinline} function from commit b01c2fb5834a (2016) — or
     * when a CPU re-enables its interrupts before its {@code sync_core()} (Linux before 3ea1704a9296, 2023). Under
     * {@code coherent} it is {@link #RELEASE} (docs/cross-modifying-code.md).
     */
    RELEASE_WITHOUT_SERIALISING;

    /** The vector of {@link #SYNC_IPI} (Linux's {@code CALL_FUNCTION_VECTOR}, 0xfb). */
    public static final int SYNC_VECTOR = 0xfb;
}
