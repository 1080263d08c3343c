package dev.quiesce.cluster.rollout;

import dev.quiesce.fleet.rollout.HostCommand;
import dev.quiesce.splice.registry.Action;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** When the rollout delivers a command again, and when it gives up. */
class RedeliveryTest {

    private static RolloutProgress.Issued issued(int host, long actionId) {
        return new RolloutProgress.Issued(new HostCommand(host, Action.APPLY, List.of("p")), actionId, 1);
    }

    @Test
    void aCommandOpenAtTwoTicks_isDeliveredAgainWithTheNextAttempt_eachTick() {
        Redelivery r = new Redelivery(10);
        var a = issued(1, 7);
        var b = issued(2, 8);

        assertThat(r.tick(List.of(a))).isEmpty();
        assertThat(r.tick(List.of(a, b))).containsExactly(a);
        assertThat(r.attempt(a)).isEqualTo(2);
        assertThat(r.attempt(b)).isEqualTo(1);
        assertThat(r.tick(List.of(a, b))).containsExactly(a, b);
        assertThat(r.attempt(a)).isEqualTo(3);
        assertThat(r.attempt(b)).isEqualTo(2);
    }

    @Test
    void theRolloutStalls_afterLimitQuietTicksWithCommandsOpen_butNotWhileRepliesComeOrNothingIsOpen() {
        Redelivery r = new Redelivery(3);
        var a = issued(1, 7);

        r.tick(List.of(a));
        r.tick(List.of(a));
        r.heard();
        r.tick(List.of(a));
        r.tick(List.of(a));
        assertThat(r.stalled()).isFalse();
        r.tick(List.of());
        r.tick(List.of());
        r.tick(List.of());
        assertThat(r.stalled()).as("nothing open is not a stall").isFalse();
        r.tick(List.of(a));
        r.tick(List.of(a));
        r.tick(List.of(a));
        assertThat(r.stalled()).isTrue();
    }
}
