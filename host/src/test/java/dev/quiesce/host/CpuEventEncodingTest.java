package dev.quiesce.host;

import dev.quiesce.cpu.CpuEvent;
import dev.quiesce.interrupt.InterruptKind;
import dev.quiesce.emulator.unicorn.FaultKind;
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

/**
 * The canonical encoding of CPU events is pinned byte for byte (a change here changes every trace hash: bump
 * {@link CanonicalEncoder#VERSION} and the goldens on purpose), and it tells every two different events apart.
 */
class CpuEventEncodingTest {

    private static String hex(CpuEvent e) {
        return HexFormat.of().formatHex(CpuEventEncoding.encode(e));
    }

    @Test
    void eachEventTypeEncodesToItsGoldenBytes() {
        assertThat(hex(new CpuEvent.Quiescence(1000, 1, 2, 0x401000L))).isEqualTo("01e80701020010400000000000");
        assertThat(hex(new CpuEvent.InterruptEntry(2000, 3, 4, InterruptKind.NMI, 2, 0x401234L, 0x246L)))
                .isEqualTo("02d00f0304020234124000000000004602000000000000");
        assertThat(hex(new CpuEvent.InterruptExit(2500, 3, 5, InterruptKind.NMI, 2))).isEqualTo("03c41303050202");
        assertThat(hex(new CpuEvent.InterruptLost(300, 0, 7, InterruptKind.IRQ, 0x20))).isEqualTo("04ac0200070120");
        assertThat(hex(new CpuEvent.Fault(5, 2, 9, FaultKind.UNMAPPED_FETCH, 0xdeadL, "xen_extra_version+0x3",
                "fetch ü"))).isEqualTo("0505020901adde000000000000"
                + "1578656e5f65787472615f76657273696f6e2b307833" + "08666574636820c3bc");
        assertThat(hex(new CpuEvent.IrqsOff(6, 1, 0))).isEqualTo("06060100");
        assertThat(hex(new CpuEvent.NmiSwallowed(7, 1, 1, 2))).isEqualTo("0707010102");
        assertThat(hex(new CpuEvent.Probe(8, 0, 3, 0x400440L, 5, true, false)))
                .isEqualTo("080800034004400000000000050100");
        assertThat(hex(new CpuEvent.Probe(8, 0, 3, 0x400440L, 5, false, false, true)))
                .as("a probe inside a machine-check handler: tag 0x0b, the same fields")
                .isEqualTo("0b0800034004400000000000050000");
        assertThat(hex(new CpuEvent.InterruptEntry(2000, 3, 4, InterruptKind.MCE, 18, 0x401234L, 0x246L)))
                .isEqualTo("02d00f0304031234124000000000004602000000000000");
        assertThat(hex(new CpuEvent.Int3Emulated(9, 4, 1, 0x400440L, 0x400445L)))
                .isEqualTo("0909040140044000000000004504400000000000");
        assertThat(hex(new CpuEvent.Stopped(10, 5, 6, new long[] {0x400440L, 0x400500L})))
                .isEqualTo("0a0a05060240044000000000000005400000000000");
        assertThat(hex(new CpuEvent.CodeRefreshed(11, 6, 2, CpuEvent.Serialising.SYNC_CORE, 0x400000L)))
                .isEqualTo("110b0602020000400000000000");
        assertThat(hex(new CpuEvent.CodeRefreshed(11, 6, 2, CpuEvent.Serialising.ISB, 0x400000L)))
                .as("an AArch64 context synchronisation event: a new code, the same fields")
                .isEqualTo("110b0602050000400000000000");
        assertThat(hex(new CpuEvent.CodeTorn(12, 7, 3, 0x40000eL, 5))).isEqualTo("120c07030e0040000000000005");
    }

    @Test
    void theRetiredCounterEncodesToItsGoldenBytes() {
        assertThat(HexFormat.of().formatHex(CpuEventEncoding.retired(3, 1_000_000, new CanonicalEncoder()).toBytes()))
                .isEqualTo("1003c0843d");
    }

    @Test
    void enumsEncodeByTheirPinnedCodesNotTheirOrdinals() {
        assertThat(Arrays.stream(InterruptKind.values()).map(CpuEventEncoding::code)).containsExactly(1, 2, 3);
        assertThat(Arrays.stream(FaultKind.values()).map(CpuEventEncoding::code))
                .containsExactly(1, 2, 3, 4, 5, 6, 7);
        assertThat(Arrays.stream(CpuEvent.Serialising.values()).map(CpuEvent.Serialising::code))
                .containsExactly(1, 2, 3, 4, 5, 6, 7);
    }

    @Property(tries = 2000, seed = "13")
    void twoEventsEncodeAlikeExactlyWhenTheyAreEqual(@ForAll("events") CpuEvent a, @ForAll("events") CpuEvent b) {
        assertThat(Arrays.equals(CpuEventEncoding.encode(a), CpuEventEncoding.encode(b))).isEqualTo(a.equals(b));
    }

    @Property(tries = 2000, seed = "13")
    void changingAnyOneFieldChangesTheBytes(@ForAll("events") CpuEvent a, @ForAll int field) {
        Record r = (Record) a;
        CpuEvent b = (CpuEvent) OneFieldChanged.change(r, field);
        assertThat(CpuEventEncoding.encode(b)).isNotEqualTo(CpuEventEncoding.encode(a));
    }

    /** Events of every type over small domains, so that equal pairs and near misses are both frequent. */
    @Provide
    Arbitrary<CpuEvent> events() {
        Arbitrary<Long> t = Arbitraries.of(0L, 1L, 2L, Long.MAX_VALUE);
        Arbitrary<Integer> cpu = Arbitraries.integers().between(0, 2);
        Arbitrary<Long> seq = Arbitraries.longs().between(0, 1);
        Arbitrary<Long> word = Arbitraries.of(0L, 1L, -1L, 0x100L);
        Arbitrary<Integer> small = Arbitraries.integers().between(0, 2);
        Arbitrary<InterruptKind> kind = Arbitraries.of(InterruptKind.class);
        Arbitrary<String> text = Arbitraries.of("", "a", "ab", "é");
        Arbitrary<Boolean> bool = Arbitraries.of(true, false);
        Arbitrary<long[]> stack = word.array(long[].class).ofMaxSize(3);
        return Arbitraries.oneOf(
                Combinators.combine(t, cpu, seq, word).as(CpuEvent.Quiescence::new),
                Combinators.combine(t, cpu, seq, kind, small, word, word).as(CpuEvent.InterruptEntry::new),
                Combinators.combine(t, cpu, seq, kind, small).as(CpuEvent.InterruptExit::new),
                Combinators.combine(t, cpu, seq, kind, small).as(CpuEvent.InterruptLost::new),
                Combinators.combine(t, cpu, seq).as(CpuEvent.IrqsOff::new),
                Combinators.combine(t, cpu, seq, small).as(CpuEvent.NmiSwallowed::new),
                Combinators.combine(t, cpu, seq, Arbitraries.of(FaultKind.class), word, text, text)
                        .as(CpuEvent.Fault::new),
                Combinators.combine(t, cpu, seq, word, small, bool, bool, bool).as(CpuEvent.Probe::new),
                Combinators.combine(t, cpu, seq, word, word).as(CpuEvent.Int3Emulated::new),
                Combinators.combine(t, cpu, seq, stack).as(CpuEvent.Stopped::new),
                Combinators.combine(t, cpu, seq, Arbitraries.of(CpuEvent.Serialising.class), word)
                        .as(CpuEvent.CodeRefreshed::new),
                Combinators.combine(t, cpu, seq, word, small).as(CpuEvent.CodeTorn::new));
    }
}
