/**
 * The host coordinator (docs/architecture.md §1, §2): {@link dev.quiesce.coordinator.HostCoordinator} is the
 * registry's executor and the host lockstep's quantum hook, running a rendezvous protocol (Xen's
 * {@code do_livepatch_work()}, xen/common/livepatch.c) over the CPU actors;
 * {@link dev.quiesce.coordinator.CoordinatorRunner} runs a host with it in an actor system.
 */
package dev.quiesce.coordinator;
