package dev.quiesce.history.variant;

import dev.quiesce.coordinator.oracle.Violation;
import dev.quiesce.scenario.ScenarioResult;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Case alternatives-nops-in-place (Linux 2dc419613805 and its companion 3ea1704a9296): the patching CPU's own
 * interrupt runs the half-written NOP when it patches with IRQs on; IRQs off with a sync before they are enabled
 * again holds; enabling them before the sync is wrong only where fetch can be stale (docs/history.md).
 */
class AlternativesNopsInPlaceTest {

    private static final String CASE = "alternatives-nops-in-place";
    private static final long SEED = 0x1;
    private static final String FIXED = "protocol=history.alternatives-nops-in-place.fixed";
    private static final String COMPANION = "protocol=history.alternatives-nops-in-place.irqs-on-before-sync";

    @Test
    void irqsOnWhilePatching_theCpusOwnInterruptFetchesTheHalfWrittenNop_atTheDocumentedSeed() {
        ScenarioResult r = CaseRuns.run(CASE, SEED);
        assertThat(r.violations()).hasSize(1);
        Violation v = r.violations().getFirst();
        assertThat(v.oracle()).isEqualTo("NoTornFetch");
        assertThat(v.cpu()).isZero();
        assertThat(v.message()).contains("xen_minor_version").contains("half written");
    }

    @Test
    void irqsOffAndSyncBeforeIrqsOn_isCleanOver200Seeds() {
        assertThat(CaseRuns.run(CASE, SEED, FIXED).violations()).isEmpty();
        assertThat(CaseRuns.violatingRuns(CASE, 200, FIXED)).isZero();
    }

    @Test
    void underSerialize_irqsOnBeforeSync_letsThePendingInterruptRunTheOldBytes_atTheCompanionSeed() {
        ScenarioResult r = CaseRuns.run(CASE, SEED, "xmc=serialize", COMPANION);
        assertThat(r.violations()).hasSize(1);
        Violation v = r.violations().getFirst();
        assertThat(v.oracle()).isEqualTo("NewVersionEverywhere");
        assertThat(v.message()).contains("xen_minor_version").contains("had not serialised");
    }

    @Test
    void underSerialize_syncBeforeIrqsOn_isCleanOver200Seeds() {
        assertThat(CaseRuns.violatingRuns(CASE, 200, "xmc=serialize", FIXED)).isZero();
    }

    @Test
    void underCoherent_irqsOnBeforeSyncCannotBeToldFromTheFix() {
        for (long seed = SEED; seed < SEED + 4; seed++) {
            ScenarioResult companion = CaseRuns.run(CASE, seed, COMPANION);
            ScenarioResult fixed = CaseRuns.run(CASE, seed, FIXED);
            assertThat(companion.violations()).as("seed %d", seed).isEmpty();
            assertThat(fixed.violations()).as("seed %d", seed).isEmpty();
            assertThat(companion.outcomes()).hasSize(1);
            assertThat(companion.outcomes().getFirst().result()).isEqualTo(fixed.outcomes().getFirst().result());
        }
    }
}
