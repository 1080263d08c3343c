/**
 * The fleet rollout (docs/architecture.md §5): waves planned from a {@link dev.quiesce.fleet.rollout.RolloutPolicy}, hosts
 * patched through {@link dev.quiesce.fleet.rollout.HostDriver}s (modelled hosts, emulated canaries), decisions made
 * wave by wave from results ordered by host id ({@link dev.quiesce.fleet.rollout.Rollout}), halts and LIFO
 * rollbacks, and the Pekko typed {@link dev.quiesce.fleet.rollout.RolloutCoordinator} that runs it.
 */
package dev.quiesce.fleet.rollout;
