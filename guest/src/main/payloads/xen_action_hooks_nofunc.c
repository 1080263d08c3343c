/* Xen's xen_action_hooks_nofunc: action hooks and no .livepatch.funcs at all (a valid payload). */
#include "livepatch.h"

static unsigned int apply_cnt;
static unsigned int revert_cnt;

static void apply_hook(livepatch_payload_t *payload) { BUG_ON(payload->nfuncs != 0); apply_cnt++; }

static void revert_hook(livepatch_payload_t *payload) { BUG_ON(payload->nfuncs != 0); revert_cnt++; }

static void post_revert_hook(livepatch_payload_t *payload) { (void)payload; BUG_ON(apply_cnt != 1 || revert_cnt != 1); }

LIVEPATCH_APPLY_HOOK(apply_hook);
LIVEPATCH_REVERT_HOOK(revert_hook);
LIVEPATCH_POSTREVERT_HOOK(post_revert_hook);
