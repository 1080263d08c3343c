/* Xen's xen_prepost_hooks: pre/post apply/revert hooks; the first pre-revert vetoes (-1 = -EPERM),
 * the second allows; post-revert checks the counts. */
#include "livepatch.h"

static const char hello_world_patch_this_fnc[] = "xen_extra_version";
extern const char *xen_hello_world(void);

static unsigned int pre_apply_cnt;
static unsigned int post_apply_cnt;
static unsigned int pre_revert_cnt;
static unsigned int post_revert_cnt;
static int pre_revert_retry = 1;

static int pre_apply_hook(livepatch_payload_t *payload)
{
    for (u32 i = 0; i < payload->nfuncs; i++)
        pre_apply_cnt++;
    return 0;
}

static void post_apply_hook(livepatch_payload_t *payload)
{
    for (u32 i = 0; i < payload->nfuncs; i++)
        post_apply_cnt++;
}

static int pre_revert_hook(livepatch_payload_t *payload)
{
    for (u32 i = 0; i < payload->nfuncs; i++)
        pre_revert_cnt++;
    /* First revert attempt always fails. Second attempt succeeds. */
    return -(pre_revert_retry--);
}

static void post_revert_hook(livepatch_payload_t *payload)
{
    for (u32 i = 0; i < payload->nfuncs; i++)
        post_revert_cnt++;
    BUG_ON(pre_apply_cnt != 1 || post_apply_cnt != 1);
    BUG_ON(pre_revert_cnt != 2 || post_revert_cnt != 1);
}

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
