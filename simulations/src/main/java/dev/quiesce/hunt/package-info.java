/**
 * Hunting, replaying and shrinking findings: the logic behind {@code quiesce hunt}, {@code quiesce replay} and
 * {@code quiesce shrink}. A {@link dev.quiesce.hunt.Hunt} runs candidates of a {@link dev.quiesce.hunt.Strategy}
 * (new seeds; PCT-style interrupts in the action window; NMIs aimed at the protocol's stores) as full scenarios
 * until one violates an oracle; a {@link dev.quiesce.hunt.ReplayFile} records the finding and
 * {@link dev.quiesce.hunt.ReplayCheck} re-runs it; a {@link dev.quiesce.hunt.Shrinker} reduces it while the oracle
 * still fails. Every choice comes from a seeded stream: hunts and shrinks are reproducible, and a hunt's answer
 * does not depend on its thread count. Only {@code dev.quiesce.sim.WallClock} reads the real clock, for executions per second.
 */
package dev.quiesce.hunt;
