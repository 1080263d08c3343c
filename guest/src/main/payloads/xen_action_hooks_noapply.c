/* Xen's xen_action_hooks_noapply: the apply action hook fails without marking anything; the
 * payload must stay CHECKED and consistent, and post-apply still runs and sees nothing applied. */
#include "action_hooks.h"

static unsigned int apply_cnt;

static void apply_hook(livepatch_payload_t *payload) { (void)payload; apply_cnt++; }

static void post_apply_hook(livepatch_payload_t *payload)
{
    BUG_ON(apply_cnt != 1);
    for (u32 i = 0; i < payload->nfuncs; i++)
        BUG_ON(payload->fstate[i].applied != LIVEPATCH_FUNC_NOT_APPLIED);
}

LIVEPATCH_APPLY_HOOK(apply_hook);
LIVEPATCH_POSTAPPLY_HOOK(post_apply_hook);

HELLO_WORLD_FUNC;
