package dev.quiesce.coordinator.retry;

import dev.quiesce.coordinator.ApplyOutcome;
import dev.quiesce.coordinator.ApplyResult;
import dev.quiesce.coordinator.ApplyRequest;
import dev.quiesce.coordinator.protocol.RendezvousEvent;
import dev.quiesce.random.DetRandom;
import dev.quiesce.random.SeedStream;
import dev.quiesce.splice.registry.Action;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The caller's retry policies: Xen's none, kpatch's and Ksplice's fixed loops, exponential backoff whose jitter is
 * seeded and bounded, and adaptive timeouts grown from the arrivals an attempt observed; and their text form.
 */
class RetryPolicyTest {

    private static final long MS = 1_000_000L;
    private static final long S = 1_000_000_000L;

    @Test
    void noneNeverRetriesLikeXenLivepatchWhichLeavesItToItsCaller() {
        assertThat(RetryPolicy.none().delayBefore(2, SeedStream.root(1).random())).isEmpty();
        assertThat(RetryPolicy.none().next(request(30 * MS, 1), timedOut(8, 30 * MS, 0), random())).isEmpty();
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

    @Test
    void fixed_kpatchPresetIsFiveAttemptsTwoSecondsApart() {
        RetryPolicy.Fixed kpatch = RetryPolicy.Fixed.kpatch();
        assertThat(kpatch).isEqualTo(new RetryPolicy.Fixed(5, 2 * S));
        DetRandom r = random();
        for (int n = 2; n <= 5; n++) {
            assertThat(kpatch.delayBefore(n, r)).hasValue(2 * S);
        }
        assertThat(kpatch.delayBefore(6, r)).isEmpty();
        assertThat(kpatch.describe()).isEqualTo("fixed(attempts=5, delay=2s)");
    }

    @Test
    void fixed_ksplicePresetIsFiveAttemptsOneSecondApart() {
        RetryPolicy.Fixed ksplice = RetryPolicy.Fixed.ksplice();
        assertThat(ksplice).isEqualTo(new RetryPolicy.Fixed(5, S));
        assertThat(ksplice.delayBefore(5, random())).hasValue(S);
        assertThat(ksplice.delayBefore(6, random())).isEmpty();
    }

    @Test
    void fixed_nextKeepsTheTimeoutAndGivesUpAfterItsLastAttempt() {
        RetryPolicy p = new RetryPolicy.Fixed(3, 5 * MS);
        assertThat(p.next(request(0, 1), timedOut(4, 30 * MS, 0), random()))
                .hasValue(new RetryPolicy.Retry(5 * MS, 0)); // 0 stays Xen's default
        assertThat(p.next(request(2 * MS, 2), timedOut(4, 2 * MS, 0), random()))
                .hasValue(new RetryPolicy.Retry(5 * MS, 2 * MS));
        assertThat(p.next(request(2 * MS, 3), timedOut(4, 2 * MS, 0), random())).isEmpty();
    }

    @Test
    void exponential_jitterIsBoundedAndTheSameForTheSameSeed() {
        RetryPolicy p = new RetryPolicy.Exponential(MS, 2, 16 * MS, 0.25, 5);
        for (long seed = 0; seed < 200; seed++) {
            List<Long> first = delays(p, SeedStream.root(seed).child("retry").random());
            assertThat(delays(p, SeedStream.root(seed).child("retry").random())).isEqualTo(first);
            long[] nominal = {MS, 2 * MS, 4 * MS, 8 * MS};
            for (int i = 0; i < nominal.length; i++) {
                assertThat(first.get(i)).isBetween(Math.round(nominal[i] * 0.75), Math.round(nominal[i] * 1.25));
            }
        }
        assertThat(delays(p, SeedStream.root(1).child("retry").random()))
                .isNotEqualTo(delays(p, SeedStream.root(2).child("retry").random()));
    }

    @Test
    void exponential_nextDrawsTheSameDelayAsDelayBeforeAndKeepsTheTimeout() {
        RetryPolicy p = new RetryPolicy.Exponential(MS, 2, 16 * MS, 0.25, 5);
        for (int attempt = 1; attempt <= 4; attempt++) {
            long want = p.delayBefore(attempt + 1, SeedStream.root(7).random()).orElseThrow();
            assertThat(p.next(request(3 * MS, attempt), timedOut(8, 3 * MS, 0), SeedStream.root(7).random()))
                    .hasValue(new RetryPolicy.Retry(want, 3 * MS));
        }
        assertThat(p.next(request(3 * MS, 5), timedOut(8, 3 * MS, 0), random())).isEmpty();
    }

    @Test
    void next_doesNotRetryAnActionThatRan() {
        ApplyOutcome done = outcome(ApplyResult.DONE, 4, 30 * MS, new long[] {0, 10_000, 20_000, 30_000},
                List.of(new RendezvousEvent.ActionDone(40_000, "p", "APPLY")));
        for (RetryPolicy p : List.of(RetryPolicy.none(), RetryPolicy.Fixed.kpatch(),
                new RetryPolicy.Exponential(MS, 2, 16 * MS, 0.25, 5), RetryPolicy.parse("adaptive"))) {
            assertThat(p.next(request(0, 1), done, random())).as(p.describe()).isEmpty();
        }
    }

    @Test
    void next_retriesAProtocolThatAbortedBusyLikeKpatchOnDeviceOrResourceBusy() {
        ApplyOutcome aborted = outcome(ApplyResult.ABORTED, 4, 30 * MS, new long[] {0, 10_000, 20_000, 30_000}, List.of());
        assertThat(RetryPolicy.Fixed.kpatch().next(request(0, 1), aborted, random()))
                .hasValue(new RetryPolicy.Retry(2 * S, 0));
        // The deadline was not what failed, so adaptive keeps the timeout.
        assertThat(RetryPolicy.parse("adaptive").next(request(30 * MS, 1), aborted, random()))
                .hasValue(new RetryPolicy.Retry(MS, 30 * MS));
        assertThat(RetryPolicy.none().next(request(0, 1), aborted, random())).isEmpty();
    }

    @Test
    void adaptive_growsTimeoutFromObservedArrivals() {
        RetryPolicy.Adaptive p = new RetryPolicy.Adaptive(5, MS, 2, 480 * MS);
        // Two of eight CPUs in (the master at its election, one at 24 ms) by the 30 ms deadline: at that rate all
        // eight need 24 ms x 8 / 2 = 96 ms; with margin 2 the next timeout is 192 ms, more than doubling.
        ApplyOutcome trickle = timedOut(8, 30 * MS, 0, 24 * MS, -1, -1, -1, -1, -1, -1);
        assertThat(p.next(request(30 * MS, 1), trickle, random())).hasValue(new RetryPolicy.Retry(MS, 192 * MS));
        // Seven of eight in within 100 us and one straggler: the arrivals say nothing more, so the timeout doubles.
        ApplyOutcome straggler = timedOut(8, 30 * MS, 0, 20_000, 40_000, 60_000, 80_000, 90_000, 100_000, -1);
        assertThat(p.next(request(30 * MS, 1), straggler, random())).hasValue(new RetryPolicy.Retry(MS, 60 * MS));
    }

    @Test
    void adaptive_capsTheTimeoutAtItsMaxAndGivesUpAfterItsAttempts() {
        RetryPolicy.Adaptive p = new RetryPolicy.Adaptive(3, 2 * MS, 4, 100 * MS);
        ApplyOutcome trickle = timedOut(8, 30 * MS, 0, 29 * MS, -1, -1, -1, -1, -1, -1);
        assertThat(p.next(request(30 * MS, 1), trickle, random())).hasValue(new RetryPolicy.Retry(2 * MS, 100 * MS));
        ApplyOutcome again = timedOut(8, 100 * MS, 0, -1, -1, -1, -1, -1, -1, -1);
        assertThat(p.next(request(100 * MS, 2), again, random())).hasValue(new RetryPolicy.Retry(2 * MS, 100 * MS));
        assertThat(p.next(request(100 * MS, 3), again, random())).isEmpty();
        assertThat(p.delayBefore(3, random())).hasValue(2 * MS);
        assertThat(p.delayBefore(4, random())).isEmpty();
    }

    @Test
    void adaptive_readsTheTimeoutTheAttemptRanWithSoXensDefaultOfZeroDoublesTo60ms() {
        RetryPolicy.Adaptive p = new RetryPolicy.Adaptive(5, MS, 2, 480 * MS);
        // The request asked for 0; the registry made it Xen's 30 ms, which the deadline shows.
        assertThat(p.timeoutAfter(request(0, 1), timedOut(4, 30 * MS, 0, 1_000, 2_000, -1))).isEqualTo(60 * MS);
        // The IRQ phase timed out after everyone arrived, the last at 25 ms: margin 3 x 25 ms beats doubling.
        ApplyOutcome irq = outcome(ApplyResult.TIMED_OUT, 4, 30 * MS, new long[] {0, 5 * MS, 10 * MS, 25 * MS},
                List.of(new RendezvousEvent.TimedOut(30 * MS + 1, RendezvousEvent.Phase.IRQ, 2, 3)));
        assertThat(new RetryPolicy.Adaptive(5, MS, 3, 480 * MS).timeoutAfter(request(30 * MS, 1), irq))
                .isEqualTo(75 * MS);
    }

    @Test
    void adaptive_rejectsATimeoutXenCannotTake() {
        assertThatThrownBy(() -> new RetryPolicy.Adaptive(5, MS, 2, 5 * S))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("uint32");
        assertThatThrownBy(() -> new RetryPolicy.Adaptive(5, MS, 0.5, 480 * MS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("margin >= 1");
    }

    @Test
    void parse_readsEveryLegalForm() {
        assertThat(RetryPolicy.parse("none")).isEqualTo(RetryPolicy.none());
        assertThat(RetryPolicy.parse("fixed(5,2s)")).isEqualTo(new RetryPolicy.Fixed(5, 2 * S));
        assertThat(RetryPolicy.parse(" Fixed ( 3 , 500us ) ")).isEqualTo(new RetryPolicy.Fixed(3, 500_000));
        assertThat(RetryPolicy.parse("kpatch")).isEqualTo(RetryPolicy.Fixed.kpatch());
        assertThat(RetryPolicy.parse("ksplice")).isEqualTo(RetryPolicy.Fixed.ksplice());
        assertThat(RetryPolicy.parse("exponential(1ms,2,16ms,0.25,5)"))
                .isEqualTo(new RetryPolicy.Exponential(MS, 2, 16 * MS, 0.25, 5));
        assertThat(RetryPolicy.parse("exponential(2ms, 1.5, 1s, 0, 9)"))
                .isEqualTo(new RetryPolicy.Exponential(2 * MS, 1.5, S, 0, 9));
        assertThat(RetryPolicy.parse("adaptive(4,3ms,1.5,1s)")).isEqualTo(new RetryPolicy.Adaptive(4, 3 * MS, 1.5, S));
    }

    @Test
    void parse_bareNamesHaveTheirDocumentedDefaults() {
        assertThat(RetryPolicy.parse("fixed")).isEqualTo(RetryPolicy.Fixed.kpatch());
        assertThat(RetryPolicy.parse("exponential")).isEqualTo(new RetryPolicy.Exponential(MS, 2, 16 * MS, 0.25, 5));
        assertThat(RetryPolicy.parse("adaptive")).isEqualTo(new RetryPolicy.Adaptive(5, MS, 2, 480 * MS));
    }

    @Test
    void parse_bareExponentialScalesFromTheBaseTheCallerGivesLikeQuiesceRunsTimeout() {
        assertThat(RetryPolicy.parse("exponential", 30 * MS))
                .isEqualTo(new RetryPolicy.Exponential(30 * MS, 2, 480 * MS, 0.25, 5));
        assertThat(RetryPolicy.parse("exponential(1ms,2,16ms,0.25,5)", 30 * MS))
                .isEqualTo(new RetryPolicy.Exponential(MS, 2, 16 * MS, 0.25, 5));
    }

    @Test
    void parse_rejectsUnknownPolicyListingLegalForms() {
        assertThatThrownBy(() -> RetryPolicy.parse("linear"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("'linear' is not a retry policy: unknown policy 'linear'")
                .hasMessageContaining("none | fixed(attempts,delay) | kpatch | ksplice")
                .hasMessageContaining("exponential(base,factor,max,jitter,attempts)")
                .hasMessageContaining("adaptive(attempts,delay,margin,maxTimeout)")
                .hasMessageContaining("exponential = exponential(1ms,2,16ms,0.25,5)");
    }

    @Test
    void parse_rejectsBadArgumentsSayingWhatIsWrong() {
        assertThatThrownBy(() -> RetryPolicy.parse("fixed(5)")).hasMessageContaining("takes 2 arguments, not 1");
        assertThatThrownBy(() -> RetryPolicy.parse("fixed(5,2)")).hasMessageContaining("'2' is not a duration");
        assertThatThrownBy(() -> RetryPolicy.parse("fixed(five,2s)")).hasMessageContaining("'five' is not a whole");
        assertThatThrownBy(() -> RetryPolicy.parse("fixed(0,2s)")).hasMessageContaining("attempts >= 1");
        assertThatThrownBy(() -> RetryPolicy.parse("exponential(1ms,2,16ms,1.5,5)")).hasMessageContaining("jitter in [0, 1)");
        assertThatThrownBy(() -> RetryPolicy.parse("exponential(1ms,NaN,16ms,0.25,5)")).hasMessageContaining("'NaN' is not a number");
        assertThatThrownBy(() -> RetryPolicy.parse("kpatch(5,2s)")).hasMessageContaining("kpatch takes no arguments");
        assertThatThrownBy(() -> RetryPolicy.parse("fixed(5,2s")).hasMessageContaining("optional (argument list)");
        assertThatThrownBy(() -> RetryPolicy.parse("")).hasMessageContaining("legal forms: none");
        assertThatThrownBy(() -> RetryPolicy.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void describeNamesEachPolicyAndItsParameters() {
        assertThat(RetryPolicy.parse("none").describe()).isEqualTo("none");
        assertThat(RetryPolicy.parse("ksplice").describe()).isEqualTo("fixed(attempts=5, delay=1s)");
        assertThat(RetryPolicy.parse("exponential").describe())
                .isEqualTo("exponential(base=1000000ns, factor=2.0, max=16000000ns, jitter=0.25, attempts=5)");
        assertThat(RetryPolicy.parse("adaptive").describe())
                .isEqualTo("adaptive(attempts=5, delay=1ms, margin=2.0, maxTimeout=480ms)");
    }

    private static List<Long> delays(RetryPolicy p, DetRandom r) {
        List<Long> out = new ArrayList<>();
        for (int n = 2; n <= 5; n++) {
            out.add(p.delayBefore(n, r).orElseThrow());
        }
        return out;
    }

    private static DetRandom random() {
        return SeedStream.root(3).child("retry").random();
    }

    private static ApplyRequest request(long timeoutNs, int attempt) {
        return new ApplyRequest(MS, "p", Action.APPLY, timeoutNs, 0, attempt);
    }

    /** A CPU-phase timeout of an attempt whose master (CPU 0) was elected at 1 ms; arrivals as offsets, -1 never. */
    private static ApplyOutcome timedOut(int cpus, long timeoutNs, long... arrivalOffsets) {
        long[] offsets = Arrays.copyOf(arrivalOffsets, cpus);
        for (int c = arrivalOffsets.length; c < cpus; c++) {
            offsets[c] = -1;
        }
        long arrived = Arrays.stream(offsets).skip(1).filter(a -> a >= 0).count(); // the others
        return outcome(ApplyResult.TIMED_OUT, cpus, timeoutNs, offsets, List.of(new RendezvousEvent.TimedOut(
                MS + timeoutNs, RendezvousEvent.Phase.CPU, (int) arrived, cpus - 1)));
    }

    private static ApplyOutcome outcome(ApplyResult result, int cpus, long timeoutNs, long[] arrivalOffsets,
                                        List<RendezvousEvent> ending) {
        long master = MS;
        long[] arrival = new long[cpus];
        List<RendezvousEvent> events = new ArrayList<>();
        events.add(new RendezvousEvent.MasterElected(master, 0, master + timeoutNs));
        for (int c = 0; c < cpus; c++) {
            arrival[c] = arrivalOffsets[c] < 0 ? -1 : master + arrivalOffsets[c];
            if (c > 0 && arrival[c] >= 0) {
                events.add(new RendezvousEvent.Arrived(arrival[c], c));
            }
        }
        events.addAll(ending);
        long released = ending.isEmpty() ? master + 40_000 : ending.getLast().time();
        events.add(new RendezvousEvent.Released(released));
        long[] none = new long[cpus];
        Arrays.fill(none, -1);
        boolean done = result == ApplyResult.DONE;
        return new ApplyOutcome(request(timeoutNs, 1), result, done ? 0 : -16, "", master, 0, master,
                master + timeoutNs, arrival, none, new long[cpus], master, -1, done ? released : -1, released,
                List.copyOf(events));
    }
}
