/* long_work_v2: do_long_work with another LCG multiplier (Knuth's MMIX one instead of the PCG
 * one), still deterministic, still counting pc->long_works and writing the checksum. It exists for
 * the stack-check protocol: a CPU inside the long, non-preemptible do_long_work has it on its stack,
 * so the payload cannot be applied until that CPU has left it. */
#include "guest.h"
#include "livepatch.h"

static const char long_work_patch_this_fnc[] = "do_long_work";

PATCHABLE u64 do_long_work_v2(u32 cpu, u32 iters)
{
    struct percpu *pc = &percpu[cpu];
    u64 acc = pc->checksum;
    for (u32 i = 0; i < iters; i++) {
        acc = acc * 2862933555777941757ul + i;
        __asm__ volatile("" : "+r"(acc));
    }
    pc->checksum = acc;
    pc->long_works++;
    return acc;
}

const struct livepatch_func __section(".livepatch.funcs") livepatch_long_work_v2 = {
    .version = LIVEPATCH_PAYLOAD_VERSION,
    .name = long_work_patch_this_fnc,
    .new_addr = do_long_work_v2,
    .old_addr = do_long_work,
    .new_size = NEW_CODE_SZ,
    .old_size = OLD_CODE_SZ,
};
