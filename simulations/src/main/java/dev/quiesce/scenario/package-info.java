/**
 * Scenarios: HOCON files naming a host, its workload and interference, the payloads and actions, the protocol
 * and its policies, the oracles, the duration and the seed; read and validated by {@link dev.quiesce.scenario.ScenarioLoader}
 * (defaults and legal values in this module's reference.conf) and run by {@link dev.quiesce.scenario.ScenarioRunner}.
 */
package dev.quiesce.scenario;
