package dev.quiesce.coordinator;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class ApplyResultTest {

    @Test
    void labelsAreTheSpellingsOfReportsTracesAndTraceHashes() {
        assertThat(Arrays.stream(ApplyResult.values()).map(ApplyResult::label))
                .containsExactly("done", "timed-out", "aborted", "refused", "cut-short");
        assertThat(Arrays.stream(ApplyResult.values()).map(ApplyResult::toString))
                .containsExactly("done", "timed-out", "aborted", "refused", "cut-short");
    }

    @Test
    void onlyTimedOutAndAbortedAreRetried() {
        assertThat(Arrays.stream(ApplyResult.values()).filter(ApplyResult::retryable))
                .containsExactly(ApplyResult.TIMED_OUT, ApplyResult.ABORTED);
    }
}
