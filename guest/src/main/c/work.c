/* Hypercall-like work: long non-preemptible loops (no quiescence point inside), a short section
 * with interrupts disabled, and a small memory operation. */
#include "guest.h"

/* Non-preemptible: interrupts stay enabled, but the CPU does not pass its idle loop. */
PATCHABLE u64 do_long_work(u32 cpu, u32 iters)
{
    struct percpu *pc = &percpu[cpu];
    u64 acc = pc->checksum;
    for (u32 i = 0; i < iters; i++) {
        acc = acc * 6364136223846793005ul + i;
        __asm__ volatile("" : "+r"(acc));
    }
    pc->checksum = acc;
    pc->long_works++;
    return acc;
}

/* Like spin_lock_irqsave(): IRQs are held off for the duration. */
PATCHABLE u64 do_irqs_off_work(u32 cpu, u32 iters)
{
    struct percpu *pc = &percpu[cpu];
    local_irq_disable();
    u64 acc = pc->checksum;
    for (u32 i = 0; i < iters; i++) {
        acc ^= acc << 7;
        acc ^= acc >> 9;
        __asm__ volatile("" : "+r"(acc));
    }
    pc->checksum = acc;
    pc->irqs_off_sections++;
    local_irq_enable();
    return acc;
}

PATCHABLE u64 do_memory_op(u32 cpu, u64 value)
{
    struct percpu *pc = &percpu[cpu];
    u64 sum = 0;
    for (u32 i = 0; i < sizeof(pc->pad) / sizeof(pc->pad[0]); i++) {
        pc->pad[i] += value + i;
        sum += pc->pad[i];
    }
    return sum;
}
