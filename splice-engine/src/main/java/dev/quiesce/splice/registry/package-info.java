/**
 * The per-host livepatch registry: Xen's model of uploaded payloads, faithfully (Xen:
 * xen/common/livepatch.c — {@code livepatch_upload()}, {@code livepatch_get()}, {@code livepatch_list()},
 * {@code livepatch_action()}, {@code schedule_work()}, {@code livepatch_do_action()}).
 *
 * <p>{@link dev.quiesce.splice.registry.LivepatchRegistry} keeps {@code payload_list} in upload order, the
 * {@code applied_list} stack, the states CHECKED/APPLIED, each payload's {@code rc}, {@code reverted} and
 * {@code safe_to_reapply}, and one outstanding action per host. UPLOAD links a payload into the host's payload
 * area; APPLY, REVERT and REPLACE return at once with {@code rc = -EAGAIN} and run later as a
 * {@link dev.quiesce.splice.registry.QuiescedAction} through an
 * {@link dev.quiesce.splice.registry.ActionExecutor} (the coordinator's rendezvous; until it lands,
 * {@link dev.quiesce.splice.registry.ImmediateExecutor}). The splice itself is the
 * {@link dev.quiesce.splice.SpliceEngine}'s; the payload's hooks run as guest code through a
 * {@link dev.quiesce.emulator.call.GuestCaller}. Every refusal is a
 * {@link dev.quiesce.splice.registry.XenResult} with Xen's errno and a sentence that says what to do.
 */
package dev.quiesce.splice.registry;
