/**
 * Fleet scenarios: N hosts of heterogeneous workload classes (share, CPU count, CPU model, stragglers), a few of
 * them emulated canaries and the rest modelled, the payload stack, the protocol and retry policy, and the rollout
 * policy — read from HOCON and validated on read ({@link dev.quiesce.fleet.scenario.FleetScenarioLoader}) — and the
 * modelled hosts' {@link dev.quiesce.fleet.rollout.HostDriver}.
 */
package dev.quiesce.fleet.scenario;
