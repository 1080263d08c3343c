/* Version functions, as in Xen's xen/common/version.c: the regression payloads of Xen
 * (xen_hello_world, xen_bye_world, xen_replace_world, xen_nop) patch these. */
#include "guest.h"

PATCHABLE const char *xen_extra_version(void) { return "-quiesce"; }

PATCHABLE int xen_minor_version(void) { return 17; }

PATCHABLE int xen_major_version(void) { return 4; }

/* A hypercall-like caller (Xen's do_xen_version, XENVER_extraversion): uses both results. */
PATCHABLE u64 do_xen_version(u32 cpu)
{
    struct percpu *pc = &percpu[cpu];
    const char *extra = xen_extra_version();
    int minor = xen_minor_version();
    pc->minor_version_seen = (u64)minor;
    pc->extra_version_first = (u64)(u8)extra[1];
    return (u64)xen_major_version() << 16 | (u64)minor << 8 | (u8)extra[1];
}
