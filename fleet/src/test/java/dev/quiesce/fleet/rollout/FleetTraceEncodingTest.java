package dev.quiesce.fleet.rollout;

import dev.quiesce.splice.registry.Action;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The canonical encoding of the fleet trace's records (start, host outcome, wave and decision) is pinned byte for
 * byte, and any one hashed value changed changes the bytes, while the words meant for people (an outcome's detail,
 * a decision's wording) do not reach the hash.
 */
class FleetTraceEncodingTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final WaveReport WAVE = new WaveReport(2, WaveReport.Kind.ROLLOUT, 5_000, 2_000, 10, 7,
            Map.of(FailureCause.VIOLATION, 3), "halt (oracle violation on host 12); roll back 15 hosts");
    private static final WaveDecision HALT = new WaveDecision(WaveDecision.Step.HALT_ON_VIOLATION, 12, 15);

    @Test
    void eachRecordEncodesToItsGoldenBytes() {
        assertThat(HEX.formatHex(FleetTraceEncoding.start(200, List.of("a", "b"), List.of(5, 10, 185))))
                .isEqualTo("01c801020161016203050ab901");
        assertThat(HEX.formatHex(FleetTraceEncoding.outcome(new HostOutcome(7, Action.APPLY, List.of("a"),
                FailureCause.TIMEOUT_IRQ, 1_000_000, 3, "ignored")))).isEqualTo("02070301016102c0843d03");
        assertThat(HEX.formatHex(FleetTraceEncoding.wave(WAVE, HALT))).isEqualTo("0302018827d00f0a0703180f");
    }

    @Test
    void causesKindsAndDecisionsEncodeByPinnedCodes() {
        assertThat(Arrays.stream(FailureCause.values()).map(FleetTraceEncoding::code))
                .containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
        assertThat(Arrays.stream(WaveReport.Kind.values()).map(FleetTraceEncoding::code)).containsExactly(1, 2);
        assertThat(Arrays.stream(WaveDecision.Step.values()).map(WaveDecision.Step::code))
                .containsExactly(1, 2, 3, 4, 5, 6);
    }

    @Test
    void wordsForPeopleDoNotReachTheHash() {
        HostOutcome o = new HostOutcome(7, Action.APPLY, List.of("a"), FailureCause.REFUSED, 10, 1, "one message");
        assertThat(FleetTraceEncoding.outcome(new HostOutcome(7, Action.APPLY, List.of("a"), FailureCause.REFUSED,
                10, 1, "reworded"))).isEqualTo(FleetTraceEncoding.outcome(o));
        WaveReport reworded = new WaveReport(2, WaveReport.Kind.ROLLOUT, 5_000, 2_000, 10, 7,
                Map.of(FailureCause.VIOLATION, 3), "stopped");
        assertThat(FleetTraceEncoding.wave(reworded, HALT)).isEqualTo(FleetTraceEncoding.wave(WAVE, HALT));
    }

    @Property(tries = 500, seed = "13")
    void changingAnyOneHashedValueOfAnOutcomeChangesTheBytes(@ForAll("outcomes") HostOutcome o) {
        byte[] before = FleetTraceEncoding.outcome(o);
        List<String> more = new ArrayList<>(o.done());
        more.add("");
        List<HostOutcome> changed = List.of(
                new HostOutcome(o.host() + 1, o.action(), o.done(), o.cause(), o.durationNs(), o.attempts(), ""),
                new HostOutcome(o.host(), next(o.action()), o.done(), o.cause(), o.durationNs(), o.attempts(), ""),
                new HostOutcome(o.host(), o.action(), more, o.cause(), o.durationNs(), o.attempts(), ""),
                new HostOutcome(o.host(), o.action(), o.done(), next(o.cause()), o.durationNs(), o.attempts(), ""),
                new HostOutcome(o.host(), o.action(), o.done(), o.cause(), o.durationNs() + 1, o.attempts(), ""),
                new HostOutcome(o.host(), o.action(), o.done(), o.cause(), o.durationNs(), o.attempts() + 1, ""));
        for (HostOutcome c : changed) {
            assertThat(FleetTraceEncoding.outcome(c)).isNotEqualTo(before);
        }
    }

    @Property(tries = 200, seed = "13")
    void changingAnyOneValueOfAWaveOrItsDecisionChangesTheBytes(@ForAll("waves") WaveReport w) {
        byte[] before = FleetTraceEncoding.wave(w, HALT);
        Map<FailureCause, Integer> f = w.failures();
        List<WaveReport> changed = List.of(
                new WaveReport(w.number() + 1, w.kind(), w.startNs(), w.tookNs(), w.attempted(), w.succeeded(), f, ""),
                new WaveReport(w.number(), next(w.kind()), w.startNs(), w.tookNs(), w.attempted(), w.succeeded(), f, ""),
                new WaveReport(w.number(), w.kind(), w.startNs() + 1, w.tookNs(), w.attempted(), w.succeeded(), f, ""),
                new WaveReport(w.number(), w.kind(), w.startNs(), w.tookNs() + 1, w.attempted(), w.succeeded(), f, ""),
                new WaveReport(w.number(), w.kind(), w.startNs(), w.tookNs(), w.attempted() + 1, w.succeeded(), f, ""),
                new WaveReport(w.number(), w.kind(), w.startNs(), w.tookNs(), w.attempted(), w.succeeded() + 1, f, ""));
        for (WaveReport c : changed) {
            assertThat(FleetTraceEncoding.wave(c, HALT)).isNotEqualTo(before);
        }
        for (WaveDecision d : List.of(new WaveDecision(WaveDecision.Step.HALT_ON_FAILURE_RATE, 12, 15),
                new WaveDecision(HALT.step(), -1, 15), new WaveDecision(HALT.step(), 12, 0))) {
            assertThat(FleetTraceEncoding.wave(w, d)).isNotEqualTo(before);
        }
    }

    @Test
    void theStartRecordsHostsStackAndWaveSizes() {
        byte[] start = FleetTraceEncoding.start(3, List.of("a"), List.of(1, 2));
        assertThat(FleetTraceEncoding.start(4, List.of("a"), List.of(1, 2))).isNotEqualTo(start);
        assertThat(FleetTraceEncoding.start(3, List.of("a", ""), List.of(1, 2))).isNotEqualTo(start);
        assertThat(FleetTraceEncoding.start(3, List.of("ab"), List.of(1, 2))).isNotEqualTo(start);
        assertThat(FleetTraceEncoding.start(3, List.of("a"), List.of(1, 2, 0))).isNotEqualTo(start);
        assertThat(FleetTraceEncoding.start(3, List.of("a"), List.of(2, 1))).isNotEqualTo(start);
    }

    @Provide
    Arbitrary<HostOutcome> outcomes() {
        return Combinators.combine(Arbitraries.integers().between(0, 2), Arbitraries.of(Action.class),
                Arbitraries.of("", "a", "ab").list().ofMaxSize(2), Arbitraries.of(FailureCause.class),
                Arbitraries.longs().between(0, 2), Arbitraries.integers().between(0, 2))
                .as((h, a, d, c, t, n) -> new HostOutcome(h, a, d, c, t, n, ""));
    }

    @Provide
    Arbitrary<WaveReport> waves() {
        Arbitrary<Integer> n = Arbitraries.integers().between(0, 2);
        Arbitrary<Long> t = Arbitraries.longs().between(0, 2);
        return Combinators.combine(n, Arbitraries.of(WaveReport.Kind.class), t, t, n, n)
                .as((k, kind, s, took, at, ok) -> new WaveReport(k, kind, s, took, at, ok, Map.of(), ""));
    }

    private static <E extends Enum<E>> E next(E e) {
        E[] all = e.getDeclaringClass().getEnumConstants();
        return all[(e.ordinal() + 1) % all.length];
    }
}
