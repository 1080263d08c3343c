/**
 * The Xen livepatch payload format: reading and checking a payload as Xen's loader does
 * ({@link dev.quiesce.payload.PayloadReader}, then {@link dev.quiesce.payload.PayloadValidator} against the
 * running image), and writing one ({@link dev.quiesce.payload.PayloadWriter}).
 *
 * <p>Every rejection is a {@link dev.quiesce.payload.PayloadException} carrying Xen's errno and a sentence
 * saying what to do. The behaviour follows xen/common/livepatch.c, xen/common/livepatch_elf.c and
 * xen/arch/x86/livepatch.c (see docs/xen-livepatch.md §2).
 */
package dev.quiesce.payload;
