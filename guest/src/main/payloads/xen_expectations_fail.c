/* Xen's xen_expectations_fail: an expectation that cannot match (DE AD C0 DE BA BE). */
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
    .expect = { .enabled = 1, .len = 6, .data = { 0xDE, 0xAD, 0xC0, 0xDE, 0xBA, 0xBE } },
};
