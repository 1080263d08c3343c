package dev.quiesce.history.variant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiesce.coordinator.oracle.Violation;
import dev.quiesce.scenario.ScenarioResult;
import org.junit.jupiter.api.Test;

/**
 * Case arm64-jump-label-visible (Linux cfb00a357864): a NOP turned into a B with its cache maintenance but no
 * context synchronisation on the other CPUs leaves them running the old path after the write is done; the IPI every
 * CPU takes (kick_all_cpus_sync) makes them all see it. The NOP-to-B write itself is one the Arm ARM allows under a
 * running CPU, so ConcurrentModificationAllowed never fires (docs/history.md).
 */
class Arm64JumpLabelVisibleTest {

    private static final String CASE = "arm64-jump-label-visible";
    private static final long SEED = 0x1;
    private static final String FIXED = "protocol=history.arm64-jump-label-visible.fixed";

    @Test
    void aNosyncWrite_leavesAnotherCpuOnTheOldPathAfterDone_atTheDocumentedSeed() {
        ScenarioResult r = CaseRuns.run(CASE, SEED);
        assertThat(r.violations()).hasSize(1);
        Violation v = r.violations().getFirst();
        assertThat(v.oracle()).isEqualTo("NewVersionEverywhere");
        assertThat(v.message()).contains("do_record_op").contains("1f 20 03 d5"); // it fetched the NOP
    }

    @Test
    void kickingEveryCpu_isCleanOver200SeedsWithOneSyncRound() {
        assertThat(CaseRuns.run(CASE, SEED, FIXED).outcomes().getFirst().syncRoundsNs()).hasSize(1);
        CaseRuns.assertFixedClean(CASE, SEED, FIXED, 200);
    }

    @Test
    void underCoherent_neitherVariantShowsAnything() {
        CaseRuns.assertCoherentShowsNeither(CASE, SEED, FIXED);
    }
}
