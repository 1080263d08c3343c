/* Xen's xen_action_hooks_norevert: the revert action hook fails without unmarking; the payload
 * stays APPLIED and consistent; the post-revert hook runs after the failed action. */
#include "action_hooks.h"

static unsigned int revert_cnt;

static void revert_hook(livepatch_payload_t *payload) { (void)payload; revert_cnt++; }

static void post_revert_hook(livepatch_payload_t *payload)
{
    BUG_ON(revert_cnt != 1);
    for (u32 i = 0; i < payload->nfuncs; i++)
        BUG_ON(payload->fstate[i].applied != LIVEPATCH_FUNC_APPLIED);
}

LIVEPATCH_REVERT_HOOK(revert_hook);
LIVEPATCH_POSTREVERT_HOOK(post_revert_hook);

HELLO_WORLD_FUNC;
