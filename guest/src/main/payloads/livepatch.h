/*
 * What a payload needs to describe itself, after Xen's public/sysctl.h (struct livepatch_func,
 * version 2, 104 bytes) and xen/include/xen/livepatch_payload.h (the hook section macros).
 * OLD_CODE_SZ/NEW_CODE_SZ are defined by the build from the objects' symbol sizes, as Xen's
 * test/livepatch/Makefile does with config.h.
 */
#ifndef QUIESCE_LIVEPATCH_H
#define QUIESCE_LIVEPATCH_H

/* Every symbol is resolved inside the image (or against it, for payloads): no GOT, no PLT, only
 * PC-relative references (RIP-relative on x86-64, ADRP/ADD and BL on AArch64; see build-guest.sh). */
#pragma GCC visibility push(hidden)

/* The size of a function's last instruction, its return (x86-64: RET, 1 byte; AArch64: RET, 4 bytes): what NOP
 * patching leaves in place (xen_nop.c; Xen's xen/test/livepatch/xen_nop.c at 0297e84a73cc: MINOR_VERSION_SZ-1 on x86,
 * MINOR_VERSION_SZ-4 on Arm, whose loader refuses a NOP length that is not a multiple of 4: arch_livepatch_verify_func
 * in xen/arch/arm/livepatch.c). */
#if defined(__aarch64__)
#define RET_INSN_SIZE 4
#else
#define RET_INSN_SIZE 1
#endif

typedef unsigned char u8;
typedef unsigned int u32;
typedef unsigned long u64;

#define LIVEPATCH_PAYLOAD_VERSION 2
#define LIVEPATCH_OPAQUE_SIZE 31

struct livepatch_expectation {
    u8 enabled : 1;
    u8 len : 5;
    u8 rsv : 2;
    u8 data[LIVEPATCH_OPAQUE_SIZE];
};

struct livepatch_func {
    const char *name;
    void *new_addr;
    void *old_addr;
    u32 new_size;
    u32 old_size;
    u8 version;
    u8 _pad[39];
    struct livepatch_expectation expect;
};

_Static_assert(sizeof(struct livepatch_func) == 104, "struct livepatch_func is 104 bytes in v2");

/* Per-function state the hypervisor keeps (Xen: struct livepatch_fstate); hooks may look at it. */
struct livepatch_fstate {
    u32 patch_offset;
    u8 applied;
    u8 insn_buffer[LIVEPATCH_OPAQUE_SIZE];
};

#define LIVEPATCH_FUNC_NOT_APPLIED 0
#define LIVEPATCH_FUNC_APPLIED 1

/* What pre/post/action hooks receive (Xen: livepatch_payload_t). */
typedef struct livepatch_payload {
    const char *name;
    u32 nfuncs;
    const struct livepatch_func *funcs;
    struct livepatch_fstate *fstate;
} livepatch_payload_t;

typedef void livepatch_loadcall_t(void);
typedef void livepatch_unloadcall_t(void);
typedef int livepatch_precall_t(livepatch_payload_t *arg);
typedef void livepatch_postcall_t(livepatch_payload_t *arg);
typedef void livepatch_actioncall_t(livepatch_payload_t *arg);

#define __section(s) __attribute__((__section__(s), used))

#define LIVEPATCH_LOAD_HOOK(_fn) \
    livepatch_loadcall_t *__attribute__((weak, used)) \
        const livepatch_load_data_##_fn __section(".livepatch.hooks.load") = _fn;
#define LIVEPATCH_UNLOAD_HOOK(_fn) \
    livepatch_unloadcall_t *__attribute__((weak, used)) \
        const livepatch_unload_data_##_fn __section(".livepatch.hooks.unload") = _fn;
#define LIVEPATCH_PREAPPLY_HOOK(_fn) \
    livepatch_precall_t *__attribute__((weak, used)) \
        const livepatch_preapply_data_##_fn __section(".livepatch.hooks.preapply") = _fn;
#define LIVEPATCH_APPLY_HOOK(_fn) \
    livepatch_actioncall_t *__attribute__((weak, used)) \
        const livepatch_apply_data_##_fn __section(".livepatch.hooks.apply") = _fn;
#define LIVEPATCH_POSTAPPLY_HOOK(_fn) \
    livepatch_postcall_t *__attribute__((weak, used)) \
        const livepatch_postapply_data_##_fn __section(".livepatch.hooks.postapply") = _fn;
#define LIVEPATCH_PREREVERT_HOOK(_fn) \
    livepatch_precall_t *__attribute__((weak, used)) \
        const livepatch_prerevert_data_##_fn __section(".livepatch.hooks.prerevert") = _fn;
#define LIVEPATCH_REVERT_HOOK(_fn) \
    livepatch_actioncall_t *__attribute__((weak, used)) \
        const livepatch_revert_data_##_fn __section(".livepatch.hooks.revert") = _fn;
#define LIVEPATCH_POSTREVERT_HOOK(_fn) \
    livepatch_postcall_t *__attribute__((weak, used)) \
        const livepatch_postrevert_data_##_fn __section(".livepatch.hooks.postrevert") = _fn;

/* A failed assertion traps (ud2; on AArch64 BRK #1000): the simulator reports it as a guest fault (Xen: BUG_ON). */
#define BUG_ON(c) do { if (c) __builtin_trap(); } while (0)
#define BUG() __builtin_trap()

#define EINVAL 22

/* Functions of the base image that payloads patch or call. */
extern const char *xen_extra_version(void);
extern int xen_minor_version(void);

#endif
