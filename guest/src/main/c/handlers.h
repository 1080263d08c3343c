/*
 * The work of the machine-check handler and of the IRQ entry that calls patchable code, shared by the two
 * architectures' entry points: x86_mce.c and x86_vector_calls.c on x86-64, a64_serror.c and a64_vector_calls.c on
 * AArch64. The work is the same C; only how the simulator enters it differs (#MC or an SError; an IDT vector or the
 * GIC's interrupt ID, docs/aarch64.md). Static inline, so each entry point compiles to the one function it always was.
 */
#ifndef QUIESCE_HANDLERS_H
#define QUIESCE_HANDLERS_H

#include "guest.h"

/* Counts the machine check and calls the patchable function workload.mce_calls names, keeping what it returned. */
static inline void mce_work(u32 cpu)
{
    struct percpu *pc = &percpu[cpu];
    pc->mces++;
    switch (workload.mce_calls) {
    case MCE_CALLS_XEN_EXTRA_VERSION:
        pc->mce_seen = (u64)(u8)xen_extra_version()[1];
        break;
    case MCE_CALLS_XEN_MINOR_VERSION:
        pc->mce_seen = (u64)xen_minor_version();
        break;
    case MCE_CALLS_DO_XEN_VERSION:
        pc->mce_seen = do_xen_version(cpu);
        break;
    default:
        break;
    }
}

/* irq_handler's work, then the patchable function workload.irq_calls names, folded into the checksum. */
static inline void irq_calls_work(u32 vector, u32 cpu)
{
    struct percpu *pc = &percpu[cpu];
    irq_handler(vector, cpu);
    switch (workload.irq_calls) {
    case MCE_CALLS_XEN_EXTRA_VERSION:
        pc->checksum += (u64)(u8)xen_extra_version()[1];
        break;
    case MCE_CALLS_XEN_MINOR_VERSION:
        pc->checksum += (u64)xen_minor_version();
        break;
    case MCE_CALLS_DO_XEN_VERSION:
        pc->checksum += do_xen_version(cpu);
        break;
    default:
        break;
    }
}

#endif
