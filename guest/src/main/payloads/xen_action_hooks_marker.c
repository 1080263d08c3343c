/* Xen's xen_action_hooks_marker: pre/post hooks assert the per-function markers under the native
 * apply and revert (NOT_APPLIED before apply, APPLIED after, and back). */
#include "action_hooks.h"

static void check_all(livepatch_payload_t *payload, u8 state)
{
    for (u32 i = 0; i < payload->nfuncs; i++)
        BUG_ON(payload->fstate[i].applied != state);
}

static int pre_apply_hook(livepatch_payload_t *p) { check_all(p, LIVEPATCH_FUNC_NOT_APPLIED); return 0; }

static void post_apply_hook(livepatch_payload_t *p) { check_all(p, LIVEPATCH_FUNC_APPLIED); }

static int pre_revert_hook(livepatch_payload_t *p) { check_all(p, LIVEPATCH_FUNC_APPLIED); return 0; }

static void post_revert_hook(livepatch_payload_t *p) { check_all(p, LIVEPATCH_FUNC_NOT_APPLIED); }

LIVEPATCH_PREAPPLY_HOOK(pre_apply_hook);
LIVEPATCH_POSTAPPLY_HOOK(post_apply_hook);
LIVEPATCH_PREREVERT_HOOK(pre_revert_hook);
LIVEPATCH_POSTREVERT_HOOK(post_revert_hook);

HELLO_WORLD_FUNC;
