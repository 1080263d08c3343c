/**
 * Retry policies at the caller (docs/architecture.md §2 step 8): Xen never retries a rendezvous that timed out
 * ({@code livepatch_spin()} in xen/common/livepatch.c leaves rc -EBUSY; {@code xen-livepatch} exits 2 = "retry"),
 * so an operator or orchestrator re-issues the action; {@link dev.quiesce.coordinator.retry.RetryPolicy} says
 * when. Jitter comes from a seeded stream.
 */
package dev.quiesce.coordinator.retry;
