package dev.quiesce.cluster.rollout;

import dev.quiesce.cluster.host.HostReply;
import dev.quiesce.fleet.rollout.FailureCause;
import dev.quiesce.fleet.rollout.HostOutcome;
import dev.quiesce.fleet.rollout.Rollout;
import dev.quiesce.fleet.rollout.RolloutPolicy;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The rollout's state rebuilt from its journal events, without actors. */
class RolloutProgressTest {

    private static Rollout fresh() {
        return new Rollout(IntStream.range(0, 12).boxed().toList(),
                new RolloutPolicy(2, 2, 8, 0.5, true, false, 1_000_000), List.of("p1"), h -> "all");
    }

    private static HostReply ok(RolloutProgress.Issued i) {
        return new HostReply(new HostOutcome(i.command().host(), i.command().action(), i.command().payloads(),
                FailureCause.NONE, 1_000 + i.command().host(), 1, ""), i.actionId(), i.attempt(), "");
    }

    @Test
    void replayingTheJournal_reopensTheSameCommandsWithTheSameActionIdAndAttempt() {
        RolloutProgress live = new RolloutProgress(fresh());
        List<RolloutEvent> journal = new ArrayList<>();
        for (int wave = 0; wave < 2; wave++) {
            for (RolloutEvent e : live.declare()) {
                live.apply(e);
                journal.add(e);
            }
            List<RolloutProgress.Issued> open = live.open();
            int record = wave == 0 ? open.size() : 1;   // the second wave is cut short after one outcome
            for (RolloutProgress.Issued i : open.subList(0, record)) {
                RolloutEvent e = live.recording(ok(i));
                live.apply(e);
                journal.add(e);
            }
        }
        RolloutProgress recovered = new RolloutProgress(fresh());
        journal.forEach(recovered::apply);

        assertThat(recovered.waves()).isEqualTo(2);
        assertThat(recovered.open()).isEqualTo(live.open()).hasSize(3);
        assertThat(recovered.open()).extracting(RolloutProgress.Issued::actionId).containsExactly(4L, 5L, 6L);
        assertThat(recovered.declare()).isEmpty();
    }

    @Test
    void aDuplicateReply_isNotRecordedTwice_andAForeignJournalIsRefused() {
        RolloutProgress p = new RolloutProgress(fresh());
        p.declare().forEach(p::apply);
        RolloutProgress.Issued first = p.open().getFirst();
        p.apply(p.recording(ok(first)));
        assertThat(p.recording(ok(first))).isNull();

        RolloutProgress other = new RolloutProgress(fresh());
        assertThatThrownBy(() -> other.apply(new RolloutEvent.WaveDecided(1, List.of(7, 8))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("is not the rollout's wave 1");
    }
}
