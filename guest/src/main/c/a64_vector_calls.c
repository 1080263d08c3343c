/* The IRQ entry point of an AArch64 host whose interrupt handler runs patchable code: irq_handler's work, then the
 * patchable function workload.irq_calls names (handlers.h's irq_calls_work), as x86_vector_calls.c on x86-64. The
 * vector argument is the interrupt's number as the simulator numbers it (IRQ_VECTOR_TIMER, IRQ_VECTOR_DEVICE), which on
 * Arm stands for the GIC's interrupt ID that a real handler reads from ICC_IAR1_EL1. On Arm the hazard it exists for
 * is sharper than on x86: an interrupt handler fetches whatever its core has not yet synchronised (Linux
 * cfb00a357864, "arm64: jump_label: Ensure patched jump_labels are visible to all CPUs", 2024). */
#include "handlers.h"

void irq_handler_calls(u32 vector, u32 cpu)
{
    irq_calls_work(vector, cpu);
}
