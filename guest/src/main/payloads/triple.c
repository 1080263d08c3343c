/* triple: three functions in one payload, for benchmarks of the per-function cost of an action. All
 * three are called often by cpu_main (do_memory_op from one hypercall in three, xen_minor_version
 * from do_xen_version and the NMI handler, do_irqs_off_work as an activity of its own), none of them
 * calls another, and each new version computes what the old one does (so a run's checksums do not
 * depend on when the payload lands): replacing them together is harmless. */
#include "guest.h"
#include "livepatch.h"

static const char memory_op_patch_this_fnc[] = "do_memory_op";
static const char minor_version_patch_this_fnc[] = "xen_minor_version";
static const char irqs_off_work_patch_this_fnc[] = "do_irqs_off_work";

/* The same sums as do_memory_op, over pad[] from its end (addition commutes). */
PATCHABLE u64 do_memory_op_v2(u32 cpu, u64 value)
{
    struct percpu *pc = &percpu[cpu];
    u64 sum = 0;
    for (u32 i = sizeof(pc->pad) / sizeof(pc->pad[0]); i-- > 0;) {
        pc->pad[i] += value + i;
        sum += pc->pad[i];
    }
    return sum;
}

PATCHABLE int xen_minor_version_v2(void) { return 17; }

/* do_irqs_off_work as it is: IRQs held off for the same mixing loop. */
PATCHABLE u64 do_irqs_off_work_v2(u32 cpu, u32 iters)
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

const struct livepatch_func __section(".livepatch.funcs") livepatch_triple[] = {
    {
        .version = LIVEPATCH_PAYLOAD_VERSION,
        .name = memory_op_patch_this_fnc,
        .new_addr = do_memory_op_v2,
        .old_addr = do_memory_op,
        .new_size = NEW_CODE_SZ_do_memory_op_v2,
        .old_size = OLD_CODE_SZ_do_memory_op,
    },
    {
        .version = LIVEPATCH_PAYLOAD_VERSION,
        .name = minor_version_patch_this_fnc,
        .new_addr = xen_minor_version_v2,
        .old_addr = xen_minor_version,
        .new_size = NEW_CODE_SZ_xen_minor_version_v2,
        .old_size = OLD_CODE_SZ_xen_minor_version,
    },
    {
        .version = LIVEPATCH_PAYLOAD_VERSION,
        .name = irqs_off_work_patch_this_fnc,
        .new_addr = do_irqs_off_work_v2,
        .old_addr = do_irqs_off_work,
        .new_size = NEW_CODE_SZ_do_irqs_off_work_v2,
        .old_size = OLD_CODE_SZ_do_irqs_off_work,
    },
};
