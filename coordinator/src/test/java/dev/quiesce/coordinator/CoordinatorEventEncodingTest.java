package dev.quiesce.coordinator;

import dev.quiesce.host.OneFieldChanged;
import dev.quiesce.coordinator.oracle.Violation;
import dev.quiesce.coordinator.protocol.NmiPolicy;
import dev.quiesce.splice.registry.Action;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The canonical encoding of the host coordinator's own steps (a request issued, a straggler set off, the violation
 * that ended the run) is pinned byte for byte, and any one value changed changes the bytes.
 */
class CoordinatorEventEncodingTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final ApplyRequest REQUEST = new ApplyRequest(100_000, "xen_hello_world", Action.APPLY, 0, 0, 1)
            .withNmiPolicy(NmiPolicy.DEFER);

    @Test
    void eachStepEncodesToItsGoldenBytes() {
        assertThat(HEX.formatHex(CoordinatorEventEncoding.issued(REQUEST, 100_500, -22)))
                .isEqualTo("20949106a08d060f78656e5f68656c6c6f5f776f726c6403000001022b");
        assertThat(HEX.formatHex(CoordinatorEventEncoding.straggler(new HostCoordinator.Straggler(3, 50_000, 200),
                50_100))).isEqualTo("21b4870303d08603c801");
        assertThat(HEX.formatHex(CoordinatorEventEncoding.violation(new Violation("NoTornFetch", 1234, -1, "torn"))))
                .isEqualTo("220b4e6f546f726e4665746368d2090104746f726e");
    }

    @Test
    void nmiPoliciesEncodeByPinnedCodes() {
        assertThat(Arrays.stream(NmiPolicy.values()).map(CoordinatorEventEncoding::code)).containsExactly(1, 2, 3, 4);
    }

    @Property(tries = 500, seed = "13")
    void changingAnyOneValueOfAnIssuedRequestChangesTheBytes(@ForAll("requests") ApplyRequest r,
                                                            @ForAll @LongRange(max = 3) long now,
                                                            @ForAll int field) {
        byte[] before = CoordinatorEventEncoding.issued(r, now, -16);
        assertThat(CoordinatorEventEncoding.issued(OneFieldChanged.change(r, field), now, -16)).isNotEqualTo(before);
        assertThat(CoordinatorEventEncoding.issued(r, now + 1, -16)).isNotEqualTo(before);
        assertThat(CoordinatorEventEncoding.issued(r, now, 0)).isNotEqualTo(before);
    }

    @Property(tries = 500, seed = "13")
    void changingAnyOneValueOfAStragglerOrAViolationChangesTheBytes(@ForAll @LongRange(max = 3) long v,
                                                                   @ForAll int field) {
        HostCoordinator.Straggler s = new HostCoordinator.Straggler((int) v, v, v);
        assertThat(CoordinatorEventEncoding.straggler(OneFieldChanged.change(s, field), v))
                .isNotEqualTo(CoordinatorEventEncoding.straggler(s, v));
        assertThat(CoordinatorEventEncoding.straggler(s, v + 1)).isNotEqualTo(CoordinatorEventEncoding.straggler(s, v));
        Violation x = new Violation("o" + v, v, (int) v - 1, "m");
        assertThat(CoordinatorEventEncoding.violation(OneFieldChanged.change(x, field)))
                .isNotEqualTo(CoordinatorEventEncoding.violation(x));
    }

    @Provide
    Arbitrary<ApplyRequest> requests() {
        return Combinators.combine(Arbitraries.longs().between(0, 2), Arbitraries.of("", "a", "ab"),
                Arbitraries.of(Action.class), Arbitraries.longs().between(0, 2), Arbitraries.integers().between(0, 2),
                Arbitraries.integers().between(1, 3), Arbitraries.of(NmiPolicy.class)).as(ApplyRequest::new);
    }
}
