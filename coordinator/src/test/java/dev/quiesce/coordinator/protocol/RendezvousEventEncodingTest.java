package dev.quiesce.coordinator.protocol;

import dev.quiesce.host.OneFieldChanged;
import dev.quiesce.splice.registry.Action;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The canonical encoding of rendezvous steps is pinned byte for byte (a change here changes every trace hash: bump
 * {@code CanonicalEncoder.VERSION} and the goldens on purpose), and it tells every two different steps apart.
 */
class RendezvousEventEncodingTest {

    private static String hex(RendezvousEvent e) {
        return HexFormat.of().formatHex(RendezvousEventEncoding.encode(e));
    }

    @Test
    void eachStepEncodesToItsGoldenBytes() {
        assertThat(hex(new RendezvousEvent.MasterElected(100, 1, 30_000_100))).isEqualTo("406401e487a70e");
        assertThat(hex(new RendezvousEvent.IpiSent(100, 7))).isEqualTo("416407");
        assertThat(hex(new RendezvousEvent.PhaseStarted(100, RendezvousEvent.Phase.IRQ))).isEqualTo("426402");
        assertThat(hex(new RendezvousEvent.Arrived(200, 3))).isEqualTo("43c80103");
        assertThat(hex(new RendezvousEvent.NmiLost(210, 2, true))).isEqualTo("44d2010201");
        assertThat(hex(new RendezvousEvent.IrqsOff(220, 4))).isEqualTo("45dc0104");
        assertThat(hex(new RendezvousEvent.ActionDone(230, "xen_hello_world", "APPLY")))
                .isEqualTo("46e6010f78656e5f68656c6c6f5f776f726c6403");
        assertThat(hex(new RendezvousEvent.TimedOut(240, RendezvousEvent.Phase.CPU, 5, 8))).isEqualTo("47f001010508");
        assertThat(hex(new RendezvousEvent.Released(250))).isEqualTo("48fa01");
        assertThat(hex(new RendezvousEvent.Stored(260, 0x400440L, 5))).isEqualTo("498402400440000000000005");
        assertThat(hex(new RendezvousEvent.SyncDone(270, 2, 265))).isEqualTo("4a8e02028902");
        assertThat(hex(new RendezvousEvent.AllStopped(280, 8))).isEqualTo("4b980208");
        assertThat(hex(new RendezvousEvent.StackBusy(290, 6, "xen_extra_version", 1, 0x400450L)))
                .isEqualTo("4ca202061178656e5f65787472615f76657273696f6e015004400000000000");
        assertThat(hex(new RendezvousEvent.Switched(300, 5))).isEqualTo("4dac0205");
        assertThat(hex(new RendezvousEvent.NmiInPatchedFunction(310, 0, "f"))).isEqualTo("4eb602000166");
        assertThat(hex(new RendezvousEvent.RunEnded(320, "NoTornFetch"))).isEqualTo("4fc0020b4e6f546f726e4665746368");
        assertThat(hex(new RendezvousEvent.Aborted(330, -16, "busy"))).isEqualTo("50ca021f0462757379");
        assertThat(hex(new RendezvousEvent.WordWritten(340, 2, "n", -1, RendezvousEvent.WordWritten.Kind.ATOMIC)))
                .isEqualTo("51d40202016e0103");
    }

    @Test
    void phasesAndActionsEncodeByPinnedCodes() {
        assertThat(Arrays.stream(RendezvousEvent.Phase.values()).map(RendezvousEventEncoding::code))
                .containsExactly(1, 2);
        assertThat(Arrays.stream(RendezvousEvent.WordWritten.Kind.values()).map(RendezvousEventEncoding::code))
                .containsExactly(1, 2, 3);
        assertThat(Arrays.stream(Action.values()).map(a -> RendezvousEventEncoding.actionCode(a.name())))
                .containsExactly(1, 2, 3, 4);
    }

    @Test
    void aStepNamingNoLivepatchActionIsRefused() {
        assertThatThrownBy(() -> RendezvousEventEncoding.encode(new RendezvousEvent.ActionDone(1, "p", "apply")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a livepatch action: 'apply'");
    }

    @Property(tries = 2000, seed = "13")
    void changingAnyOneFieldChangesTheBytes(@ForAll("steps") RendezvousEvent a, @ForAll int field) {
        RendezvousEvent b = (RendezvousEvent) OneFieldChanged.change((Record) a, field);
        if (b instanceof RendezvousEvent.ActionDone d && d.action().endsWith("x")) { // an action must stay an action
            Action was = Action.valueOf(((RendezvousEvent.ActionDone) a).action());
            b = new RendezvousEvent.ActionDone(d.time(), d.payload(),
                    Action.values()[(was.ordinal() + 1) % Action.values().length].name());
        }
        assertThat(RendezvousEventEncoding.encode(b)).isNotEqualTo(RendezvousEventEncoding.encode(a));
    }

    @Property(tries = 2000, seed = "13")
    void twoStepsEncodeAlikeExactlyWhenTheyAreEqual(@ForAll("steps") RendezvousEvent a,
                                                   @ForAll("steps") RendezvousEvent b) {
        assertThat(Arrays.equals(RendezvousEventEncoding.encode(a), RendezvousEventEncoding.encode(b)))
                .isEqualTo(a.equals(b));
    }

    /** Steps of every kind over small domains, so that equal pairs and near misses are both frequent. */
    @Provide
    Arbitrary<RendezvousEvent> steps() {
        Arbitrary<Long> t = Arbitraries.of(0L, 1L, Long.MAX_VALUE);
        Arbitrary<Integer> n = Arbitraries.of(0, 1, -1);
        Arbitrary<Long> word = Arbitraries.of(0L, 1L, -1L);
        Arbitrary<String> text = Arbitraries.of("", "a", "ab");
        Arbitrary<RendezvousEvent.Phase> phase = Arbitraries.of(RendezvousEvent.Phase.class);
        Arbitrary<String> action = Arbitraries.of(Action.class).map(Action::name);
        return Arbitraries.oneOf(
                Combinators.combine(t, n, word).as(RendezvousEvent.MasterElected::new),
                Combinators.combine(t, n).as(RendezvousEvent.IpiSent::new),
                Combinators.combine(t, phase).as(RendezvousEvent.PhaseStarted::new),
                Combinators.combine(t, n).as(RendezvousEvent.Arrived::new),
                Combinators.combine(t, n, Arbitraries.of(true, false)).as(RendezvousEvent.NmiLost::new),
                Combinators.combine(t, n).as(RendezvousEvent.IrqsOff::new),
                Combinators.combine(t, text, action).as(RendezvousEvent.ActionDone::new),
                Combinators.combine(t, phase, n, n).as(RendezvousEvent.TimedOut::new),
                t.map(RendezvousEvent.Released::new),
                Combinators.combine(t, word, n).as(RendezvousEvent.Stored::new),
                Combinators.combine(t, n, word).as(RendezvousEvent.SyncDone::new),
                Combinators.combine(t, n).as(RendezvousEvent.AllStopped::new),
                Combinators.combine(t, n, text, n, word).as(RendezvousEvent.StackBusy::new),
                Combinators.combine(t, n).as(RendezvousEvent.Switched::new),
                Combinators.combine(t, n, text).as(RendezvousEvent.NmiInPatchedFunction::new),
                Combinators.combine(t, text).as(RendezvousEvent.RunEnded::new),
                Combinators.combine(t, n, text).as(RendezvousEvent.Aborted::new),
                Combinators.combine(t, n, text, word, Arbitraries.of(RendezvousEvent.WordWritten.Kind.class))
                        .as(RendezvousEvent.WordWritten::new));
    }
}
