/* A writer and a reader of one record format. A payload that changes the format must replace both
 * atomically: an old reader that meets a new record traps (ud2), which is how mixed-version
 * execution becomes visible. All three start with the 5-NOP entry pad (FENTRY_PATCHABLE), the
 * simulator's ftrace-style patch sites. */
#include "guest.h"

FENTRY_PATCHABLE void record_write(struct record *r, u64 value)
{
    r->format = RECORD_FORMAT_V1;
    r->length = (u32)sizeof(*r);
    r->payload = value;
    r->check = value ^ RECORD_CHECK_KEY;
}

FENTRY_PATCHABLE u64 record_read(const struct record *r)
{
    if (r->format != RECORD_FORMAT_V1 || r->length != sizeof(*r))
        __builtin_trap();
    if (r->check != (r->payload ^ RECORD_CHECK_KEY))
        __builtin_trap();
    return r->payload;
}

FENTRY_PATCHABLE u64 do_record_op(u32 cpu, u64 value)
{
    struct record *r = &percpu[cpu].rec;
    record_write(r, value);
    return record_read(r);
}
