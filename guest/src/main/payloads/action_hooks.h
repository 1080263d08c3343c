/* Shared parts of Xen's xen_action_hooks* test payloads: hooks that mark functions applied or
 * reverted in the hypervisor's per-function state instead of the native apply/revert. */
#include "livepatch.h"

static const char hello_world_patch_this_fnc[] = "xen_extra_version";
extern const char *xen_hello_world(void);

__attribute__((unused)) static void mark_all(livepatch_payload_t *payload, u8 state)
{
    for (u32 i = 0; i < payload->nfuncs; i++)
        payload->fstate[i].applied = state;
}

#define HELLO_WORLD_FUNC \
    const struct livepatch_func __section(".livepatch.funcs") livepatch_xen_hello_world = { \
        .version = LIVEPATCH_PAYLOAD_VERSION, \
        .name = hello_world_patch_this_fnc, \
        .new_addr = xen_hello_world, \
        .old_addr = xen_extra_version, \
        .new_size = NEW_CODE_SZ, \
        .old_size = OLD_CODE_SZ, \
    }
