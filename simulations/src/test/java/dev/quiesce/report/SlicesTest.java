package dev.quiesce.report;

import dev.quiesce.report.Slices.Slice;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SlicesTest {

    @Test
    void nested_splitsASliceThatOutlivesTheOneItStartsInAndKeepsNestedOnesWhole() {
        Slice off = new Slice(0, 100, 200, "IRQs off", "rendezvous", 0);
        Slice nmi = new Slice(0, 190, 230, "NMI vector 2", "nmi", 1);
        Slice irq = new Slice(0, 120, 130, "IRQ vector 48", "irq", 1);
        Slice other = new Slice(1, 195, 199, "IRQ vector 32", "irq", 1);
        assertThat(Slices.nested(List.of(nmi, other, irq, off))).containsExactly(off, irq,
                new Slice(0, 190, 200, "NMI vector 2", "nmi", 1), new Slice(0, 200, 230, "NMI vector 2", "nmi", 1),
                other);
    }

    @Test
    void nested_putsTheLongerOfTwoSlicesStartingTogetherOutside() {
        Slice phase = new Slice(4, 10, 20, "CPU phase", "phase", 1);
        Slice attempt = new Slice(4, 10, 30, "attempt 1", "attempt", 0);
        assertThat(Slices.nested(List.of(phase, attempt))).containsExactly(attempt, phase);
    }
}
