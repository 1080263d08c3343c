/**
 * JMH micro-benchmarks of the simulator's fixed costs: the host lockstep's quantum round trip
 * ({@link dev.quiesce.bench.QuantumRoundTripBenchmark}) and its serial step between quanta
 * ({@link dev.quiesce.bench.LockstepBoundaryBenchmark}), one interrupt injection
 * ({@link dev.quiesce.bench.InterruptInjectionBenchmark}) and the SSE state's save around one
 * ({@link dev.quiesce.bench.SseSaveBenchmark}). Built by Maven, run from the shaded jar:
 * {@code java -jar bench/target/benchmarks.jar}.
 */
package dev.quiesce.bench;
