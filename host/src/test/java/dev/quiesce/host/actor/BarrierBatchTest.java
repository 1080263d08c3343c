package dev.quiesce.host.actor;

import dev.quiesce.host.HostMachine;
import dev.quiesce.host.HostReport;
import dev.quiesce.host.HostSettings;
import dev.quiesce.host.QuantumHook;
import dev.quiesce.host.QuietLiarHook;
import dev.quiesce.host.StallingHook;
import dev.quiesce.random.SeedStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;


import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Batches of quanta between two barriers of a host (docs/architecture.md §3 rule 8) leave a run as it is: the trace
 * hash, the CPUs' counts and the boundaries a quiet hook sees, with the events of each, are those of a barrier after
 * every quantum, whatever the batch and the thread count; and a hook that acts inside the span it promised to keep
 * quiet fails the run instead of changing it silently.
 */
class BarrierBatchTest {

    @Property(tries = 20)
    void aHookLessRunIsTheSameWithAnyBatchAndThreadCount(@ForAll @LongRange(min = 1, max = 1L << 32) long seed,
                                                         @ForAll @IntRange(min = 1, max = 8) int cpus,
                                                         @ForAll @IntRange(min = 2, max = 200) int batch,
                                                         @ForAll @IntRange(min = 1, max = 2) int threads,
                                                         @ForAll @LongRange(min = 1_000, max = 120_000) long durationNs) {
        HostSettings s = HostSettings.defaults().withCpus(cpus);
        HostReport every = HostRunner.run(s.withBarrierBatch(1), seed, durationNs, 1);
        HostReport batched = HostRunner.run(s.withBarrierBatch(batch), seed, durationNs, threads);
        assertThat(batched.traceHash()).isEqualTo(every.traceHash());
        assertThat(batched.cpus()).isEqualTo(every.cpus());
        assertThat(batched.events()).isEqualTo(every.events());
    }

    @Property(tries = 12)
    void aHookQuietBetweenItsStoresSeesTheSameBoundariesAndLeavesTheSameTrace(
            @ForAll @LongRange(min = 1, max = 1L << 32) long seed, @ForAll @IntRange(min = 2, max = 100) int batch,
            @ForAll @IntRange(min = 1, max = 2) int threads) {
        long[] storesAt = {7_300, 20_000, 20_500, 41_999, 90_000};
        StallingHook every = new StallingHook(storesAt);
        StallingHook batched = new StallingHook(storesAt);
        HostReport a = run(every, seed, 1, 1);
        HostReport b = run(batched, seed, batch, threads);
        assertThat(b.traceHash()).isEqualTo(a.traceHash());
        assertThat(b.cpus()).isEqualTo(a.cpus());
        assertThat(batched.seen()).isEqualTo(every.seen());
        assertThat(batched.stores()).isEqualTo(every.stores()).hasSize(storesAt.length);
        // with a barrier per quantum the host never asks; with batches it asks once per batch, and a batch ends
        // only at its cap or at a store
        assertThat(every.asked()).isZero();
        assertThat(batched.asked()).isPositive().isLessThan(batched.seen().size())
                .isLessThanOrEqualTo(Math.ceilDiv(batched.seen().size(), batch) + storesAt.length + 1);
    }

    @Test
    void aHookThatActsInsideItsQuietSpanFailsTheRun() {
        QuantumHook liar = new QuietLiarHook();
        HostSettings s = HostSettings.defaults().withCpus(2).withBarrierBatch(64);
        try (HostMachine m = HostMachine.boot(s, SeedStream.root(3).child("host", 0))) {
            assertThatThrownBy(() -> HostRunner.run(m, liar, 3, 200_000, 2))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("acted at 10000ns, inside the quiet span it promised");
        }
    }

    private static HostReport run(QuantumHook hook, long seed, int batch, int threads) {
        HostSettings s = HostSettings.defaults().withCpus(4).withBarrierBatch(batch);
        try (HostMachine m = HostMachine.boot(s, SeedStream.root(seed).child("host", 0))) {
            ((StallingHook) hook).machine(m);
            return HostRunner.run(m, hook, seed, 120_000, threads);
        }
    }
}
