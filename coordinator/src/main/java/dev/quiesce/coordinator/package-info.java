/**
 * The host coordinator (docs/architecture.md §1, §2): {@link dev.quiesce.coordinator.HostCoordinator} is the
 * registry's executor and the host lockstep's quantum hook, running a rendezvous protocol (Xen's
 * {@code do_livepatch_work()}, xen/common/livepatch.c) over the host's CPUs; it is an orchestrator over small
 * pieces of this package (the request queue, the straggler schedule, the oracle checks, the attempt log, the
 * quiescence watch, the action stager). Plain classes, no actors: {@code dev.quiesce.host.actor.HostRunner} runs a
 * host with a coordinator as its quantum hook.
 */
package dev.quiesce.coordinator;
