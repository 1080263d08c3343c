/* Xen's xen_action_hooks: apply and revert action hooks that only set the markers; post-revert
 * checks each ran once. */
#include "action_hooks.h"

static unsigned int apply_cnt;
static unsigned int revert_cnt;

static void apply_hook(livepatch_payload_t *payload) { apply_cnt++; mark_all(payload, LIVEPATCH_FUNC_APPLIED); }

static void revert_hook(livepatch_payload_t *payload) { revert_cnt++; mark_all(payload, LIVEPATCH_FUNC_NOT_APPLIED); }

static void post_revert_hook(livepatch_payload_t *payload) { (void)payload; BUG_ON(apply_cnt != 1 || revert_cnt != 1); }

LIVEPATCH_APPLY_HOOK(apply_hook);
LIVEPATCH_REVERT_HOOK(revert_hook);
LIVEPATCH_POSTREVERT_HOOK(post_revert_hook);

HELLO_WORLD_FUNC;
