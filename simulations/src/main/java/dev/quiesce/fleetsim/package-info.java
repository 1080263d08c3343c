/**
 * Fleet glue of the simulations module: the emulated canaries' host driver (a canary runs its host scenario through
 * {@link dev.quiesce.scenario.ScenarioRunner}), running a fleet scenario, its per-wave table, its report page and
 * the fleet benchmark.
 */
package dev.quiesce.fleetsim;
