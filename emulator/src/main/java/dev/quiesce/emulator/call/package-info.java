/**
 * Calls into guest code from the host side: {@link dev.quiesce.emulator.call.GuestCall} runs one
 * guest function to its return on an emulator engine, the way Xen's livepatch core calls a payload's
 * hooks ({@code xen/common/livepatch.c}, {@code apply_payload()}/{@code revert_payload()}) and
 * {@code xl info} reads {@code xen_extra_version()}; a fault or a runaway becomes a
 * {@link dev.quiesce.emulator.call.GuestFault}.
 */
package dev.quiesce.emulator.call;
