/* Xen's xen_prepost_hooks_fail: pre-apply vetoes with -EINVAL; every other hook must not run. */
#include "livepatch.h"

static const char hello_world_patch_this_fnc[] = "xen_extra_version";
extern const char *xen_hello_world(void);

static int pre_apply_hook(livepatch_payload_t *payload)
{
    (void)payload;
    return -EINVAL;
}

static void post_apply_hook(livepatch_payload_t *payload) { (void)payload; BUG(); }

static int pre_revert_hook(livepatch_payload_t *payload) { (void)payload; BUG(); return 0; }

static void post_revert_hook(livepatch_payload_t *payload) { (void)payload; BUG(); }

LIVEPATCH_PREAPPLY_HOOK(pre_apply_hook);
LIVEPATCH_POSTAPPLY_HOOK(post_apply_hook);
LIVEPATCH_PREREVERT_HOOK(pre_revert_hook);
LIVEPATCH_POSTREVERT_HOOK(post_revert_hook);

const struct livepatch_func __section(".livepatch.funcs") livepatch_xen_hello_world = {
    .version = LIVEPATCH_PAYLOAD_VERSION,
    .name = hello_world_patch_this_fnc,
    .new_addr = xen_hello_world,
    .old_addr = xen_extra_version,
    .new_size = NEW_CODE_SZ,
    .old_size = OLD_CODE_SZ,
};
