/* Xen's xen_replace_world: "Hello Again World!"; old_addr = 0, so the loader resolves the old
 * function by name; used with REPLACE. */
#include "livepatch.h"

static const char replace_world_patch_this_fnc[] = "xen_extra_version";

const char *xen_replace_world(void) { return "Hello Again World!"; }

const struct livepatch_func __section(".livepatch.funcs") livepatch_xen_replace_world = {
    .version = LIVEPATCH_PAYLOAD_VERSION,
    .name = replace_world_patch_this_fnc,
    .new_addr = xen_replace_world,
    .old_addr = 0,
    .new_size = NEW_CODE_SZ,
    .old_size = OLD_CODE_SZ,
};
