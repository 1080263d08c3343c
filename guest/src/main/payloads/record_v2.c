/* record_v2: the record format changes to 2 (a new format number and check key), so the writer and
 * the reader are replaced together. record_read_v2 traps (ud2) on a v1 record exactly as the base
 * image's record_read traps on anything but v1: a CPU that runs the old writer then the new reader,
 * or the reverse (a mixed-version do_record_op), hits ud2 — the guest's own mixed-version assertion.
 * The new functions keep the 5-NOP entry pad (FENTRY_PATCHABLE), so a later payload can patch them
 * in turn. */
#include "guest.h"
#include "livepatch.h"

static const char record_write_patch_this_fnc[] = "record_write";
static const char record_read_patch_this_fnc[] = "record_read";

FENTRY_PATCHABLE void record_write_v2(struct record *r, u64 value)
{
    r->format = RECORD_FORMAT_V2;
    r->length = (u32)sizeof(*r);
    r->payload = value;
    r->check = value ^ RECORD_CHECK_KEY_V2;
}

FENTRY_PATCHABLE u64 record_read_v2(const struct record *r)
{
    if (r->format != RECORD_FORMAT_V2 || r->length != sizeof(*r))
        __builtin_trap();
    if (r->check != (r->payload ^ RECORD_CHECK_KEY_V2))
        __builtin_trap();
    return r->payload;
}

/* Two functions in one payload: both are spliced in the same action, or neither. */
const struct livepatch_func __section(".livepatch.funcs") livepatch_record_v2[] = {
    {
        .version = LIVEPATCH_PAYLOAD_VERSION,
        .name = record_write_patch_this_fnc,
        .new_addr = record_write_v2,
        .old_addr = record_write,
        .new_size = NEW_CODE_SZ_record_write_v2,
        .old_size = OLD_CODE_SZ_record_write,
    },
    {
        .version = LIVEPATCH_PAYLOAD_VERSION,
        .name = record_read_patch_this_fnc,
        .new_addr = record_read_v2,
        .old_addr = record_read,
        .new_size = NEW_CODE_SZ_record_read_v2,
        .old_size = OLD_CODE_SZ_record_read,
    },
};
