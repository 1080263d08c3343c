/**
 * Fleets (docs/architecture.md §5): many hosts, a few emulated canaries and the rest modelled, patched wave by wave by a
 * rollout coordinator.
 */
package dev.quiesce.fleet;
