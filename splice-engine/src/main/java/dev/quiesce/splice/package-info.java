/**
 * The splice engine: the patch write of a livepatch payload as a plan of stores before it is an effect
 * (Xen: {@code arch_livepatch_apply()} / {@code arch_livepatch_revert()} in xen/arch/x86/livepatch.c).
 *
 * <p>{@link dev.quiesce.splice.SpliceEngine} turns a payload's {@link dev.quiesce.splice.PatchSite}s into a
 * {@link dev.quiesce.splice.StorePlan} of a chosen {@link dev.quiesce.splice.Granularity} (one {@code memcpy}
 * per site as Xen does under its rendezvous, per byte, per aligned 8-byte chunk, or Linux's {@code text_poke_bp}
 * int3 protocol), keeps the undo bytes per site per payload (so stacking saves the earlier payload's JMP),
 * checks expectations as {@code livepatch_check_expectations()} in xen/common/livepatch.c does, and applies or
 * reverts all or nothing. The instruction encoding sits behind {@link dev.quiesce.splice.PatchIsa}:
 * {@link dev.quiesce.splice.X86_64Isa} ({@code JMP rel32}) and {@link dev.quiesce.splice.Aarch64Isa}
 * ({@code B imm26}, Xen's xen/arch/arm/arm64/livepatch.c).
 */
package dev.quiesce.splice;
