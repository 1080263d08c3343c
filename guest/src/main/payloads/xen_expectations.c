/* Xen's xen_expectations: an expectation over the whole old function (the first OLD_CODE_SZ bytes
 * of xen_extra_version as loaded — Xen takes them from xen-syms with objdump; here the payload
 * assembly copies them from the linked base image, because the mov's imm32 is relocated). */
#include "livepatch.h"

static const char livepatch_exceptions_str[] = "xen_extra_version";
extern const char *xen_hello_world(void);

const struct livepatch_func __section(".livepatch.funcs") livepatch_exceptions = {
    .version = LIVEPATCH_PAYLOAD_VERSION,
    .name = livepatch_exceptions_str,
    .new_addr = xen_hello_world,
    .old_addr = xen_extra_version,
    .new_size = OLD_CODE_SZ,
    .old_size = OLD_CODE_SZ,
    .expect = { .enabled = 1, .len = OLD_CODE_SZ },
};
