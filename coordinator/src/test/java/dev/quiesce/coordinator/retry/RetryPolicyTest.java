package dev.quiesce.coordinator.retry;

import dev.quiesce.cpu.random.SeedStream;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The caller's retry policies: Xen's none, and exponential backoff whose jitter is seeded and bounded. */
class RetryPolicyTest {

    @Test
    void noneNeverRetriesLikeXenLivepatchWhichLeavesItToItsCaller() {
        assertThat(RetryPolicy.none().delayBefore(2, SeedStream.root(1).random())).isEmpty();
    }

    @Test
    void exponentialGrowsByItsFactorUpToTheMaxWithinTheJitterAndStopsAfterItsAttempts() {
        RetryPolicy p = new RetryPolicy.Exponential(1_000, 2, 5_000, 0.25, 5);
        var r = SeedStream.root(9).child("retry").random();
        long[] nominal = {1_000, 2_000, 4_000, 5_000};
        for (int n = 2; n <= 5; n++) {
            long d = p.delayBefore(n, r).orElseThrow();
            assertThat(d).isBetween(Math.round(nominal[n - 2] * 0.75), Math.round(nominal[n - 2] * 1.25));
        }
        assertThat(p.delayBefore(6, r)).isEmpty();
        var a = SeedStream.root(9).child("retry").random();
        var b = SeedStream.root(9).child("retry").random();
        assertThat(p.delayBefore(3, a)).isEqualTo(p.delayBefore(3, b));
    }
}
