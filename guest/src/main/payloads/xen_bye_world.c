/* Xen's xen_bye_world: xen_extra_version -> "Bye World!"; depends on xen_hello_world's build-id
 * (the dependency is set when the payload is assembled). */
#include "livepatch.h"

static const char bye_world_patch_this_fnc[] = "xen_extra_version";

const char *xen_bye_world(void) { return "Bye World!"; }

const struct livepatch_func __section(".livepatch.funcs") livepatch_xen_bye_world = {
    .version = LIVEPATCH_PAYLOAD_VERSION,
    .name = bye_world_patch_this_fnc,
    .new_addr = xen_bye_world,
    .old_addr = xen_extra_version,
    .new_size = NEW_CODE_SZ,
    .old_size = OLD_CODE_SZ,
};
