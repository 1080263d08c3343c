/* record_op_v2: do_record_op replaced by an equivalent (the same format-1 write and read, the result kept in a
 * local first): old and new can run side by side, on different CPUs or one after the other on one CPU, without
 * either noticing — the shape of a jump label's branch site, whose two targets are both correct at any time. It
 * patches one function, at its entry pad, so an architecture that lets a NOP become a branch under a running CPU
 * (Arm's concurrent-modification rule) can be patched without a rendezvous (history case arm64-jump-label-visible). */
#include "guest.h"
#include "livepatch.h"

static const char do_record_op_patch_this_fnc[] = "do_record_op";

FENTRY_PATCHABLE u64 do_record_op_v2(u32 cpu, u64 value)
{
    struct record *r = &percpu[cpu].rec;
    record_write(r, value);
    u64 got = record_read(r);
    __asm__ volatile("" : "+r"(got));
    return got;
}

const struct livepatch_func __section(".livepatch.funcs") livepatch_record_op_v2 = {
    .version = LIVEPATCH_PAYLOAD_VERSION,
    .name = do_record_op_patch_this_fnc,
    .new_addr = do_record_op_v2,
    .old_addr = do_record_op,
    .new_size = NEW_CODE_SZ,
    .old_size = OLD_CODE_SZ,
};
