package dev.quiesce.host.actor;

import dev.quiesce.host.CpuSummary;
import dev.quiesce.host.HostReport;
import dev.quiesce.host.HostSettings;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Determinism of a whole host run through the actors (docs/architecture.md §3): the trace hash is a function
 * of the seed only, not of the number of dispatcher threads.
 */
class HostRunnerTest {

    private static final HostSettings FOUR = HostSettings.defaults().withCpus(4);
    private static final long ONE_MS = 1_000_000;

    @Test
    void sameSeed_sameTraceHash_withOneAndTwoThreads() {
        HostReport one = HostRunner.run(FOUR, 0x5eed, ONE_MS, 1);
        HostReport two = HostRunner.run(FOUR, 0x5eed, ONE_MS, 2);
        assertThat(two.traceHash()).isEqualTo(one.traceHash());
        assertThat(two.cpus()).isEqualTo(one.cpus());
        assertThat(one.events()).isGreaterThan(1000);
        assertThat(one.cpus()).allSatisfy(c -> {
            assertThat(c.instructions()).isEqualTo(4_000_000);
            assertThat(c.quiescencePoints()).isPositive();
            assertThat(c.irqs()).isPositive();
            assertThat(c.faults()).isZero();
        });
    }

    @Test
    void eightCpus_sameTraceHashAndCounts_withOneTwoAndThreeThreads() {
        HostSettings eight = HostSettings.defaults().withCpus(8);
        HostReport one = HostRunner.run(eight, 0x5eed, 300_000, 1);
        for (int threads : new int[] {2, 3}) {
            HostReport more = HostRunner.run(eight, 0x5eed, 300_000, threads);
            assertThat(more.traceHash()).as("%d threads", threads).isEqualTo(one.traceHash());
            assertThat(more.cpus()).isEqualTo(one.cpus());
            assertThat(more.events()).isEqualTo(one.events());
        }
        assertThat(one.cpus()).allSatisfy(c -> assertThat(c.instructions()).isEqualTo(1_200_000));
    }

    @Test
    void differentSeed_differentTraceHash() {
        HostReport a = HostRunner.run(FOUR, 1, ONE_MS, 2);
        HostReport b = HostRunner.run(FOUR, 2, ONE_MS, 2);
        assertThat(b.traceHash()).isNotEqualTo(a.traceHash());
        assertThat(b.cpus().stream().mapToLong(CpuSummary::quiescencePoints).sum())
                .isNotEqualTo(a.cpus().stream().mapToLong(CpuSummary::quiescencePoints).sum());
    }
}
