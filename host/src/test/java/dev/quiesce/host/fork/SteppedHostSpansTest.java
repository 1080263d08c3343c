package dev.quiesce.host.fork;

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

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A {@link SteppedHost} runs spans of quanta while its hook is quiet (docs/architecture.md §3 rule 8) and leaves a run
 * as a barrier after every quantum does: the same trace, counts and boundaries seen by the hook, whatever the span
 * and thread count; a span never passes a boundary the caller stops at, so a snapshot taken there and restored gives
 * the run from the start; and a hook that acts inside its promised span fails the run.
 */
class SteppedHostSpansTest {

    private static final long[] STORES = {7_300, 20_000, 20_500, 41_999, 90_000};
    private static final long DURATION_NS = 120_000;

    @Property(tries = 12)
    void spansLeaveASteppedRunAsABarrierAfterEveryQuantumDoes(@ForAll @LongRange(min = 1, max = 1L << 32) long seed,
                                                              @ForAll @IntRange(min = 2, max = 300) int batch,
                                                              @ForAll @IntRange(min = 1, max = 2) int threads) {
        StallingHook every = new StallingHook(STORES);
        StallingHook spans = new StallingHook(STORES);
        HostReport a = run(every, seed, 1, 1);
        HostReport b = run(spans, seed, batch, threads);
        assertThat(b.traceHash()).isEqualTo(a.traceHash());
        assertThat(b.cpus()).isEqualTo(a.cpus());
        assertThat(spans.seen()).isEqualTo(every.seen());
        assertThat(spans.stores()).isEqualTo(every.stores()).hasSize(STORES.length);
        assertThat(every.asked()).isZero();
        assertThat(spans.asked()).isPositive().isLessThan(spans.seen().size());
    }

    @Property(tries = 10)
    void aSnapshotWhereTheCallerStoppedInsideSpansRestoresToTheRunFromTheStart(
            @ForAll @LongRange(min = 1, max = 1L << 32) long seed, @ForAll @IntRange(min = 2, max = 300) int batch,
            @ForAll @LongRange(min = 1, max = 110_000) long stopNs) {
        StallingHook reference = new StallingHook(STORES);
        HostReport fromStart = run(reference, seed, 1, 1);
        HostSettings s = HostSettings.defaults().withCpus(4).withBarrierBatch(batch);
        StallingHook hook = new StallingHook(STORES);
        try (HostMachine m = HostMachine.boot(s, SeedStream.root(seed).child("host", 0));
             SteppedHost host = new SteppedHost(m, hook, seed, DURATION_NS, 2)) {
            hook.machine(m);
            host.runWhileBefore(stopNs);
            assertThat(host.nowNs()).isLessThanOrEqualTo(stopNs).isGreaterThan(stopNs - s.quantumNs());
            try (HostSnapshot at = host.snapshot(List.of())) {
                HostReport first = host.finish();
                host.restore(at);
                HostReport again = host.finish();
                assertThat(first.traceHash()).isEqualTo(fromStart.traceHash());
                assertThat(again.traceHash()).isEqualTo(fromStart.traceHash());
                assertThat(again.cpus()).isEqualTo(fromStart.cpus());
            }
        }
        assertThat(hook.seen()).isEqualTo(reference.seen()); // restored: the hook's notes are the run's again
    }

    @Test
    void aHookThatActsInsideItsQuietSpanFailsTheSteppedRun() {
        QuantumHook liar = new QuietLiarHook();
        HostSettings s = HostSettings.defaults().withCpus(2).withBarrierBatch(64);
        try (HostMachine m = HostMachine.boot(s, SeedStream.root(3).child("host", 0));
             SteppedHost host = new SteppedHost(m, liar, 3, 200_000, 1)) {
            assertThatThrownBy(host::finish).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("acted at 10000ns, inside the quiet span it promised");
        }
    }

    private static HostReport run(StallingHook hook, long seed, int batch, int threads) {
        HostSettings s = HostSettings.defaults().withCpus(4).withBarrierBatch(batch);
        try (HostMachine m = HostMachine.boot(s, SeedStream.root(seed).child("host", 0));
             SteppedHost host = new SteppedHost(m, hook, seed, DURATION_NS, threads)) {
            hook.machine(m);
            return host.finish();
        }
    }
}
