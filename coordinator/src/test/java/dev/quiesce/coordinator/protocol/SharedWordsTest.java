package dev.quiesce.coordinator.protocol;

import dev.quiesce.coordinator.protocol.RendezvousEvent.WordWritten;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The memory model of the rendezvous words (docs/protocol-api.md §7), claim by claim. */
class SharedWordsTest {

    private final List<RendezvousEvent> out = new ArrayList<>();

    @Test
    void aPlainStoreIsNotSeenByAnotherCpuBeforeTheNextBoundary() {
        SharedWords w = SharedWords.detached(2);
        SharedWords.Word flag = w.word("release");
        w.store(0, 100, flag, 1, out);
        assertThat(w.load(0, 150, flag)).as("its own CPU, at once (store forwarding)").isEqualTo(1);
        assertThat(w.load(1, 200, flag)).as("another CPU, same step, even at the boundary instant").isZero();
        assertThat(w.peek(flag)).isZero();
        w.publish(1000, out);
        assertThat(w.load(1, 1000, flag)).isEqualTo(1);
        assertThat(out).containsExactly(new WordWritten(100, 0, "release", 1, WordWritten.Kind.STORE),
                new WordWritten(1000, 0, "release", 1, WordWritten.Kind.PUBLISHED));
    }

    @Test
    void anAtomicIsSeenByEveryCpuAtOnceAndDrainsItsOwnStoreBufferFirst() {
        SharedWords w = SharedWords.detached(3);
        SharedWords.Word a = w.word("a");
        SharedWords.Word b = w.word("b");
        w.store(0, 10, a, 7, out);
        assertThat(w.fetchAdd(0, 20, b, 5, out)).isZero();
        assertThat(w.load(2, 30, b)).isEqualTo(5);
        assertThat(w.load(2, 30, a)).as("the locked op drained CPU 0's earlier store").isEqualTo(7);
        assertThat(w.exchange(1, 40, b, -1, out)).isEqualTo(5);
        assertThat(w.compareExchange(2, 50, b, 0, 9, out)).as("fails: b is -1").isEqualTo(-1);
        assertThat(w.compareExchange(2, 60, b, -1, 9, out)).isEqualTo(-1);
        assertThat(w.peek(b)).isEqualTo(9);
    }

    @Test
    void aLateIncrementTurnsThePublishedSentinelIntoZero() {
        SharedWords w = SharedWords.detached(2);
        SharedWords.Word count = w.word("cpu_count");
        assertThat(w.fetchAdd(0, 100, count, 1, out)).isZero();
        w.store(0, 100, count, -1, out);
        assertThat(w.fetchAdd(1, 500, count, 1, out)).as("before the boundary: the -1 is still buffered").isEqualTo(1);
        w.publish(1000, out);
        assertThat(w.peek(count)).as("the buffered store lands after the increment").isEqualTo(-1);
        assertThat(w.fetchAdd(1, 1200, count, 1, out)).isEqualTo(-1);
        assertThat(w.load(0, 1300, count)).isZero();
    }

    @Test
    void operationsOutOfTimeOrderAndForeignWordsAreRefused() {
        SharedWords w = SharedWords.detached(2);
        SharedWords.Word x = w.word("x");
        w.load(0, 100, x);
        assertThatThrownBy(() -> w.load(1, 99, x)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("(time, cpu) order");
        assertThatThrownBy(() -> w.load(2, 100, x)).hasMessageContaining("no cpu 2");
        assertThatThrownBy(() -> w.load(0, 100, new SharedWords.Word("y", 5, 0))).hasMessageContaining("not a word");
        for (int i = 1; i < 32; i++) {
            w.word("w" + i);
        }
        assertThat(w.word("x")).isSameAs(x);
        assertThatThrownBy(() -> w.word("one-too-many")).hasMessageContaining("all 32 are named");
    }

    /**
     * Atomic increments by any CPUs at any instants in (time, cpu) order count exactly, whatever plain stores of other
     * words are buffered in between; every CPU then reads the same total, and each increment's old value is the count
     * of the increments before it in that order.
     */
    @Property(tries = 300, seed = "14")
    void atomicsAreTotallyOrderedByTimeThenCpu(@ForAll @Size(min = 1, max = 40) List<@IntRange(max = 3) Integer> cpus,
                                              @ForAll @Size(min = 1, max = 40) List<@IntRange(max = 4) Integer> gaps) {
        SharedWords w = SharedWords.detached(4);
        SharedWords.Word count = w.word("count");
        SharedWords.Word noise = w.word("noise");
        List<RendezvousEvent> events = new ArrayList<>();
        long t = 0;
        for (int i = 0; i < cpus.size(); i++) {
            t += gaps.get(i % gaps.size());
            w.store((cpus.get(i) + 1) % 4, t, noise, i, events);
            assertThat(w.fetchAdd(cpus.get(i), t, count, 1, events)).isEqualTo(i);
            if (i % 5 == 4) {
                w.publish(t, events);
            }
        }
        for (int c = 0; c < 4; c++) {
            assertThat(w.load(c, t, count)).isEqualTo(cpus.size());
        }
    }

    /** Same operations ⇒ same events, byte for byte: nothing depends on anything but the calls. */
    @Property(tries = 100, seed = "15")
    void theSameOperationsWriteTheSameTrace(@ForAll @Size(min = 1, max = 30) List<@IntRange(max = 3) Integer> cpus) {
        assertThat(trace(cpus)).isEqualTo(trace(cpus));
    }

    private static List<String> trace(List<Integer> cpus) {
        SharedWords w = SharedWords.detached(4);
        SharedWords.Word a = w.word("a");
        List<RendezvousEvent> events = new ArrayList<>();
        for (int i = 0; i < cpus.size(); i++) {
            if (cpus.get(i) % 2 == 0) {
                w.store(cpus.get(i), i, a, i, events);
            } else {
                w.exchange(cpus.get(i), i, a, -i, events);
            }
        }
        w.publish(cpus.size(), events);
        return events.stream().map(e -> java.util.HexFormat.of().formatHex(RendezvousEventEncoding.encode(e))).toList();
    }
}
