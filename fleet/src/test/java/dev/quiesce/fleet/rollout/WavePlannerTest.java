package dev.quiesce.fleet.rollout;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WavePlannerTest {

    private static RolloutPolicy policy(int canary, double growth, int max) {
        return new RolloutPolicy(canary, growth, max, 0.05, true, true, 0);
    }

    @Test
    void waves_startWithTheCanary_growByTheFactor_andStopAtMaxConcurrent() {
        assertThat(WavePlanner.sizes(1000, policy(10, 4, 250))).containsExactly(10, 40, 160, 250, 250, 250, 40);
    }

    @Test
    void aFractionalGrowthRoundsUp_andAFactorOfOneKeepsTheCanarySize() {
        assertThat(WavePlanner.sizes(100, policy(10, 1.5, 1000))).containsExactly(10, 15, 23, 35, 17);
        assertThat(WavePlanner.sizes(25, policy(10, 1, 1000))).containsExactly(10, 10, 5);
    }

    @Test
    void aCanaryLargerThanTheFleetOrTheConcurrencyCapIsCut() {
        assertThat(WavePlanner.sizes(7, policy(10, 4, 1000))).containsExactly(7);
        assertThat(WavePlanner.sizes(12, policy(10, 4, 5))).containsExactly(5, 5, 2);
        assertThat(WavePlanner.sizes(0, policy(10, 4, 5))).isEmpty();
    }

    @Test
    void everyHostIsInExactlyOneWave_inRolloutOrder() {
        List<Integer> order = IntStream.range(0, 333).map(i -> (i * 7) % 333).boxed().toList();
        List<List<Integer>> waves = WavePlanner.waves(order, policy(3, 2.5, 64));
        assertThat(waves.stream().flatMap(List::stream).toList()).isEqualTo(order);
        assertThat(waves).extracting(List::size).containsExactlyElementsOf(WavePlanner.sizes(333, policy(3, 2.5, 64)));
    }

    @Test
    void aPolicyOutsideItsLegalRangesIsRejected() {
        assertThatThrownBy(() -> policy(0, 4, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> policy(1, 0.5, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RolloutPolicy(1, 2, 10, 1.5, true, true, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
