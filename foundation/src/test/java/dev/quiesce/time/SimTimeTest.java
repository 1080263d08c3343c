package dev.quiesce.time;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SimTimeTest {

    @Test
    void parseDuration_acceptsEveryUnit() {
        assertThat(SimTime.parseDuration("50ms")).isEqualTo(50_000_000L);
        assertThat(SimTime.parseDuration("1us")).isEqualTo(1_000L);
        assertThat(SimTime.parseDuration("1.5us")).isEqualTo(1_500L);
        assertThat(SimTime.parseDuration("250ns")).isEqualTo(250L);
        assertThat(SimTime.parseDuration("2s")).isEqualTo(2_000_000_000L);
    }

    @Test
    void parseDuration_rejectsMissingUnitsWithTheLegalForms() {
        assertThatThrownBy(() -> SimTime.parseDuration("50"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ns, us, ms or s");
        assertThatThrownBy(() -> SimTime.parseDuration("0.5ns"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("whole number");
    }

    @Test
    void format_roundTripsThroughParse() {
        for (long ns : new long[] {1, 999, 1_000, 1_500, 50_000_000, 2_000_000_000L}) {
            assertThat(SimTime.parseDuration(SimTime.format(ns))).isEqualTo(ns);
        }
    }
}
