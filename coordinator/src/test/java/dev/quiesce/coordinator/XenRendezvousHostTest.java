package dev.quiesce.coordinator;

import dev.quiesce.coordinator.protocol.RendezvousEvent;
import dev.quiesce.coordinator.retry.RetryPolicy;
import dev.quiesce.time.SimTime;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code xen.rendezvous} on 8 emulated CPUs under the default light load, applying Xen's xen_hello_world
 * through the registry; the oracles are the guest's own {@code xen_extra_version()} and text bytes, and Xen's
 * documented outcome (docs/xen-livepatch.md §4.3–§4.5).
 */
class XenRendezvousHostTest {

    private static final long AT = 200_000;
    /** ~40 ms of do_long_work at 250 ps per instruction (≥ 4 instructions per iteration). */
    private static final long STRAGGLE_ITERATIONS = 40_000_000;

    @Test
    void helloWorldAppliesWithinTheDefaultDeadlineAndTheGuestSeesHelloWorld() {
        HostUnderTest h = HostUnderTest.run(8, 7, 600_000, 2, List.of(ApplyRequest.apply(AT, HostUnderTest.HELLO)),
                List.of());
        ApplyOutcome o = h.outcome();
        System.out.println(describe(o));
        assertThat(o.result()).isEqualTo(ApplyResult.DONE);
        assertThat(o.rc()).isZero();
        assertThat(o.master()).isZero();
        assertThat(o.releasedNs()).isLessThanOrEqualTo(o.deadlineNs());
        assertThat(java.util.Arrays.stream(o.arrivalNs()).min().orElseThrow()).isGreaterThanOrEqualTo(o.masterNs());
        assertThat(java.util.Arrays.stream(o.irqsOffNs()).min().orElseThrow()).isGreaterThanOrEqualTo(o.irqPhaseNs());
        assertThat(o.cpuPhaseNs()).isGreaterThanOrEqualTo(o.masterNs());
        assertThat(o.irqPhaseNs()).isGreaterThan(o.cpuPhaseNs());
        assertThat(o.actionNs()).isGreaterThanOrEqualTo(o.irqPhaseNs());
        assertThat(o.events()).filteredOn(e -> e instanceof RendezvousEvent.Arrived).hasSize(7);
        assertThat(o.events()).filteredOn(e -> e instanceof RendezvousEvent.PhaseStarted).hasSize(2);
        assertThat(o.events()).filteredOn(e -> e instanceof RendezvousEvent.IrqsOff).hasSize(8);
        assertThat(h.state()).isEqualTo("APPLIED");
        assertThat(h.extraVersion()).isEqualTo("Hello World");
        assertThat(h.report().cpus()).allMatch(c -> c.faults() == 0);
    }

    @Test
    void aCpuStuckInFortyMillisecondsOfNonPreemptibleWorkTimesOutInTheCpuPhaseWithEbusyAndNothingChanged() {
        HostUnderTest h = HostUnderTest.run(8, 7, 31_500_000, 2, List.of(ApplyRequest.apply(AT, HostUnderTest.HELLO)),
                List.of(new HostCoordinator.Straggler(7, AT - 20_000, STRAGGLE_ITERATIONS)));
        ApplyOutcome o = h.outcome();
        System.out.println(describe(o));
        assertThat(o.result()).isEqualTo(ApplyResult.TIMED_OUT);
        assertThat(o.rc()).isEqualTo(-16);
        assertThat(o.message()).contains("Timed out on semaphore in CPU quiesce phase 6/7");
        assertThat(o.arrivalNs()[7]).isEqualTo(-1);
        assertThat(o.releasedNs()).isGreaterThanOrEqualTo(o.deadlineNs());
        assertThat(o.deadlineNs() - o.masterNs()).isEqualTo(30_000_000);
        assertThat(h.state()).isEqualTo("CHECKED");
        assertThat(h.textAfter()).isEqualTo(h.textBefore());
        assertThat(h.extraVersion()).isNotEqualTo("Hello World");
        assertThat(h.report().cpus()).allMatch(c -> c.faults() == 0);
    }

    @Test
    void theSameSeedGivesTheSameTraceHashAndRendezvousWithOneOrTwoThreads() {
        List<ApplyRequest> req = List.of(ApplyRequest.apply(AT, HostUnderTest.HELLO));
        HostUnderTest one = HostUnderTest.run(8, 11, 400_000, 1, req, List.of());
        HostUnderTest two = HostUnderTest.run(8, 11, 400_000, 2, req, List.of());
        assertThat(one.outcome().events()).isNotEmpty().isEqualTo(two.outcome().events());
        assertThat(one.report().traceHash()).isEqualTo(two.report().traceHash());
        HostUnderTest none = HostUnderTest.run(8, 11, 400_000, 2, List.of(), List.of());
        assertThat(none.report().traceHash()).isNotEqualTo(one.report().traceHash());
    }

    @Test
    void retriedWithExponentialBackoffTheApplySucceedsOnceTheStragglerIdles() {
        RetryPolicy backoff = new RetryPolicy.Exponential(2_000_000, 2, 16_000_000, 0.1, 6);
        HostUnderTest h = HostUnderTest.run(4, 7, 25_000_000, 2,
                List.of(ApplyRequest.apply(AT, HostUnderTest.HELLO).withTimeout(2_000_000)),
                List.of(new HostCoordinator.Straggler(3, AT - 20_000, 10_000_000)), backoff);
        List<ApplyOutcome> all = h.outcomes();
        all.forEach(o -> System.out.print("attempt " + o.request().attempt() + " at " + SimTime.format(o.issuedNs())
                + ": " + describe(o)));
        assertThat(all.size()).isBetween(2, 6);
        assertThat(all.subList(0, all.size() - 1)).allMatch(o -> o.result() == ApplyResult.TIMED_OUT && o.rc() == -16);
        ApplyOutcome last = all.getLast();
        assertThat(last.result()).isEqualTo(ApplyResult.DONE);
        assertThat(last.rc()).isZero();
        assertThat(last.request().attempt()).isEqualTo(all.size());
        assertThat(h.extraVersion()).isEqualTo("Hello World");
        assertThat(h.state()).isEqualTo("APPLIED");
    }

    static String describe(ApplyOutcome o) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%s rc=%d master=%d at %s, time-to-apply %s, cpu phase %s, irq phase %s: %s%n",
                o.result(), o.rc(), o.master(), SimTime.format(o.masterNs()), SimTime.format(o.timeToApplyNs()),
                SimTime.format(o.cpuPhaseDurationNs()), SimTime.format(o.irqPhaseDurationNs()), o.message()));
        for (int c = 0; c < o.arrivalNs().length; c++) {
            b.append(String.format(Locale.ROOT, "  cpu %d arrived %d irqs-off %d pause %d%n", c, o.arrivalNs()[c],
                    o.irqsOffNs()[c], o.irqsOffPauseNs(c)));
        }
        return b.toString();
    }
}
