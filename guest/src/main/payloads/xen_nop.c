/* Xen's xen_nop: NOP-patches xen_minor_version except its last instruction (the ret, RET_INSN_SIZE), so the
 * minor version reads wrong while applied. new_addr = 0 means NOP patching. Also assembled without
 * .livepatch.xen_depends as xen_no_xen_buildid. */
#include "livepatch.h"

static const char xen_nop_patch_this_fnc[] = "xen_minor_version";

const struct livepatch_func __section(".livepatch.funcs") livepatch_nop = {
    .version = LIVEPATCH_PAYLOAD_VERSION,
    .name = xen_nop_patch_this_fnc,
    .new_addr = 0,
    .old_addr = xen_minor_version,
    .new_size = OLD_CODE_SZ - RET_INSN_SIZE,
    .old_size = OLD_CODE_SZ,
};
