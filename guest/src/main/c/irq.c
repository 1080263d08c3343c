/* Interrupt entry points. The simulator saves the interrupted context, switches to the CPU's
 * interrupt stack, pushes a magic return address and jumps here; returning to the magic address
 * restores the context. IRQs arrive with interrupts disabled (an interrupt gate clears IF; on AArch64 exception
 * entry sets PSTATE.DAIF). */
#include "guest.h"

NOINLINE static void timer_tick(struct percpu *pc)
{
    pc->timer_ticks++;
    pc->checksum += pc->timer_ticks;
}

NOINLINE static void device_irq(struct percpu *pc, u32 iters)
{
    u64 acc = pc->checksum;
    for (u32 i = 0; i < iters; i++) {
        acc += acc >> 3 ^ i;
        __asm__ volatile("" : "+r"(acc));
    }
    pc->checksum = acc;
    pc->device_irqs++;
}

void irq_handler(u32 vector, u32 cpu)
{
    struct percpu *pc = &percpu[cpu];
    pc->irqs++;
    if (vector == IRQ_VECTOR_TIMER)
        timer_tick(pc);
    else
        device_irq(pc, workload.device_irq_iters);
}

/* The NMI handler calls functions that the sample payloads replace (xen_minor_version: xen_nop;
 * xen_extra_version: hello/bye/replace), so an NMI can hit code being patched. */
void nmi_handler(u32 cpu)
{
    struct percpu *pc = &percpu[cpu];
    pc->nmis++;
    pc->minor_version_seen = (u64)xen_minor_version();
    pc->extra_version_first = (u64)(u8)xen_extra_version()[1];
}
