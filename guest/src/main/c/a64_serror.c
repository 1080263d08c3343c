/* The machine-check analogue on AArch64: the handler of an SError, the asynchronous exception through which an Arm
 * RAS error (an uncontained or deferred error the hardware records) reaches the hypervisor (Arm ARM, "SError
 * exception"; Xen: do_trap_hyp_serror in xen/arch/arm/traps.c; Linux: do_serror in arch/arm64/kernel/traps.c). It
 * keeps the symbol mce_handler so a host enters the same names on both architectures (GuestProgram.mceEntry,
 * percpu.mces, workload.mce_calls), and does exactly what x86_mce.c does (handlers.h's mce_work).
 *
 * What differs is how it arrives, the simulator's business: an SError is masked by PSTATE.A, not by PSTATE.I, so the
 * guest's IRQ-off sections (local_irq_disable: DAIFSet #2) do not hold it off, as IF does not hold off #MC; but
 * Xen's Arm livepatch masks SErrors for the whole rendezvous (arch_livepatch_mask: local_abort_disable, in
 * xen/arch/arm/livepatch.c at 84c3ae30aa79), where its x86 livepatch leaves #MC unmasked. docs/aarch64.md says what
 * is modelled. */
#include "handlers.h"

void mce_handler(u32 cpu)
{
    mce_work(cpu);
}
