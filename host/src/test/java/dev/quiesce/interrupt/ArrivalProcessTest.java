package dev.quiesce.interrupt;

import dev.quiesce.random.DetRandom;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ArrivalProcessTest {

    @Test
    void periodic_arrivesEveryPeriodAfterAPhaseWithinOnePeriod() {
        Periodic p = new Periodic(250_000, new DetRandom(1));
        long first = p.next();
        assertThat(first).isBetween(0L, 250_000_000L - 1);
        for (int i = 1; i < 100; i++) {
            assertThat(p.next()).isEqualTo(first + i * 250_000_000L);
        }
    }

    @Test
    void poisson_countInAnIntervalMatchesItsRate() {
        Poisson p = new Poisson(2.0, new DetRandom(3));
        long horizonPs = 10_000L * 1_000_000_000L; // 10 s of virtual time → ~20,000 arrivals
        int n = 0;
        long last = 0;
        for (long t = p.next(); t < horizonPs; t = p.next()) {
            assertThat(t).isGreaterThan(last);
            last = t;
            n++;
        }
        // Poisson(20000): sd ≈ 141; 5 sd
        assertThat((double) n).isCloseTo(20_000.0, within(710.0));
    }

    @Test
    void poisson_withRateZeroNeverArrives() {
        assertThat(new Poisson(0, new DetRandom(1)).next()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void burst_emitsLengthArrivalsSpacingApartAndBurstsNeverOverlap() {
        Burst b = new Burst(5.0, 4, 2_000, new DetRandom(11));
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            times.add(b.next());
        }
        for (int burst = 0; burst < 10; burst++) {
            long start = times.get(burst * 4);
            for (int k = 1; k < 4; k++) {
                assertThat(times.get(burst * 4 + k)).isEqualTo(start + k * 2_000_000L);
            }
            if (burst > 0) {
                assertThat(start).isGreaterThan(times.get(burst * 4 - 1));
            }
        }
    }

    @Test
    void schedule_mergesSourcesInTimeOrderWithTiesBrokenBySourceOrder() {
        ArrivalProcess every10 = fixed(10, 20, 30);
        ArrivalProcess every15 = fixed(15, 20, 45);
        InterruptSchedule s = new InterruptSchedule(List.of(
                new InterruptSource("a", InterruptKind.IRQ, 0x20, every10),
                new InterruptSource("b", InterruptKind.NMI, 2, every15)));
        List<String> order = new ArrayList<>();
        while (s.peekTimePs() != Long.MAX_VALUE) {
            Arrival a = s.poll();
            order.add(a.timePs() + ":" + a.source());
        }
        assertThat(order).containsExactly("10:0", "15:1", "20:0", "20:1", "30:0", "45:1");
    }

    private static ArrivalProcess fixed(long... times) {
        return new ArrivalProcess() {
            int i;

            @Override
            public String name() {
                return "fixed";
            }

            @Override
            public long next() {
                return i < times.length ? times[i++] : Long.MAX_VALUE;
            }
        };
    }
}
