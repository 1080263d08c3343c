/**
 * JMH micro-benchmarks of the simulator's fixed costs: the host lockstep's quantum round trip
 * ({@link dev.quiesce.bench.QuantumRoundTripBenchmark}) and one interrupt injection
 * ({@link dev.quiesce.bench.InterruptInjectionBenchmark}). Built by Maven, run from the shaded jar:
 * {@code java -jar bench/target/benchmarks.jar}.
 */
package dev.quiesce.bench;
