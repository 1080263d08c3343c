/**
 * Rendezvous protocols as plain state machines (docs/architecture.md §2 step 5): each is fed a host's sorted per-quantum
 * events and answers with CPU commands for the next boundary. {@link dev.quiesce.coordinator.protocol.Protocols}
 * picks one by name; {@link dev.quiesce.coordinator.protocol.XenRendezvous} is Xen's
 * ({@code do_livepatch_work()} and {@code livepatch_spin()}, xen/common/livepatch.c). {@code XenRendezvous},
 * {@code WithoutStop} and {@code TextPokeInt3} are open for variants through protected steps, loaded from jars by
 * {@link dev.quiesce.coordinator.protocol.plugin} (docs/protocol-api.md); Xen's keeps its per-action bookkeeping, phase
 * transitions, NMI accounting and patching run in package-private helpers ({@code XenWindow}, {@code XenPhases},
 * {@code XenNmiWatch}, {@code XenPatchRun}) so that the class itself is its protected steps. No actors here.
 */
package dev.quiesce.coordinator.protocol;
