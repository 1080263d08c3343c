package dev.quiesce.coordinator;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Xen's all-or-nothing rendezvous (docs/xen-livepatch.md §4.5 and §7) over seeds, CPU counts and timeouts that
 * sometimes are too short: either the payload's function is patched and the guest sees it, or no byte of text
 * changed, the payload is still CHECKED with rc -EBUSY; and an apply never finishes before its slowest CPU
 * arrived.
 */
class RendezvousProperties {

    private static final long AT = 100_000;

    @Property(tries = 12, seed = "42")
    void eitherEveryFunctionIsPatchedOrNoCodeChanged(@ForAll @LongRange(min = 1, max = 1_000_000) long seed,
                                                     @ForAll @IntRange(min = 1, max = 16) int cpus,
                                                     @ForAll boolean shortTimeout) {
        ApplyRequest req = ApplyRequest.apply(AT, HostUnderTest.HELLO).withTimeout(shortTimeout ? 2_000 : 0);
        HostUnderTest h = HostUnderTest.run(cpus, seed, 260_000, 2, List.of(req), List.of());
        ApplyOutcome o = h.outcome();
        if (o != null && o.ran()) {
            assertThat(o.rc()).isZero();
            assertThat(h.state()).isEqualTo("APPLIED");
            assertThat(h.extraVersion()).isEqualTo("Hello World");
            assertThat(h.textAfter()).isNotEqualTo(h.textBefore());
            long slowest = java.util.Arrays.stream(o.arrivalNs()).max().orElseThrow();
            assertThat(o.releasedNs()).isGreaterThanOrEqualTo(slowest);
        } else {
            assertThat(h.textAfter()).isEqualTo(h.textBefore());
            assertThat(h.state()).isEqualTo("CHECKED");
            assertThat(h.extraVersion()).isNotEqualTo("Hello World");
            if (o != null) {
                assertThat(o.rc()).isEqualTo(-16);
                assertThat(o.message()).contains("Timed out on semaphore in");
            }
        }
        assertThat(h.report().cpus()).allMatch(c -> c.faults() == 0);
    }
}
