/* Xen's xen_hello_world test payload: xen_extra_version -> "Hello World"; old_addr resolved by a
 * relocation against the base image; two load hooks and three unload hooks (an imbalance on
 * purpose); .modinfo. (Xen: xen/test/livepatch/xen_hello_world.c; its .ex_table, bug frame and
 * alternative are not modelled.) */
#include "livepatch.h"

static const char hello_world_patch_this_fnc[] = "xen_extra_version";
extern const char *xen_hello_world(void);
static unsigned int cnt;
static unsigned int applied;

static void apply_hook(void) { applied = 1; }

static void revert_hook(void) { applied = 0; }

static void hi_func(void) { ++cnt; }

static void check_fnc(void) { BUG_ON(cnt == 0 || cnt > 2); }

LIVEPATCH_LOAD_HOOK(apply_hook);
LIVEPATCH_UNLOAD_HOOK(revert_hook);

/* Imbalance here. Two load and three unload. */
LIVEPATCH_LOAD_HOOK(hi_func);
LIVEPATCH_UNLOAD_HOOK(hi_func);
LIVEPATCH_UNLOAD_HOOK(check_fnc);

const char livepatch_modinfo[] __section(".modinfo") = "LIVEPATCH_RULEZ";

const struct livepatch_func __section(".livepatch.funcs") livepatch_xen_hello_world = {
    .version = LIVEPATCH_PAYLOAD_VERSION,
    .name = hello_world_patch_this_fnc,
    .new_addr = xen_hello_world,
    .old_addr = xen_extra_version,
    .new_size = NEW_CODE_SZ,
    .old_size = OLD_CODE_SZ,
};
