/* The IRQ entry point of a host whose interrupt handler runs patchable code: irq_handler's work, then the
 * patchable function workload.irq_calls names (MCE_CALLS_* values). Linux's interrupt paths run code that
 * apply_alternatives() rewrites in place (arch/x86/kernel/alternative.c, optimize_nops()); an interrupt taken
 * between two of those byte stores executes a half-written instruction (Linux commit 2dc419613805, 2023). The
 * simulator enters here instead of irq_handler only when workload.irq_calls is not none (dev.quiesce.cpu.Cpu), so
 * every other host runs exactly the code it ran before.
 *
 * This file's name sorts after every other guest source on purpose (see x86_mce.c): adding it moved no
 * existing function. Its work is handlers.h's irq_calls_work, shared with the AArch64 entry point
 * (a64_vector_calls.c). */
#include "handlers.h"

void irq_handler_calls(u32 vector, u32 cpu)
{
    irq_calls_work(vector, cpu);
}
