package dev.quiesce.history.variant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiesce.coordinator.oracle.Violation;
import dev.quiesce.scenario.ScenarioResult;
import org.junit.jupiter.api.Test;

/**
 * Case xen-arm-isb-after-patching (Xen 84c3ae30aa79): under Arm's fetch model a CPU that leaves Xen's rendezvous
 * without an ISB enters the patched function with the old instructions after the apply is done; with the ISB every
 * CPU runs the new one; under {@code coherent} the two cannot be told apart (docs/history.md).
 */
class XenArmIsbAfterPatchingTest {

    private static final String CASE = "xen-arm-isb-after-patching";
    private static final long SEED = 0x1;
    private static final String FIXED = "protocol=history.xen-arm-isb-after-patching.fixed";

    @Test
    void leavingWithoutAnIsb_letsAnotherCpuRunTheOldInstructionsAfterDone_atTheDocumentedSeed() {
        ScenarioResult r = CaseRuns.run(CASE, SEED);
        assertThat(r.violations()).hasSize(1);
        Violation v = r.violations().getFirst();
        assertThat(v.oracle()).isEqualTo("NewVersionEverywhere");
        assertThat(v.cpu()).as("not the master (CPU 0), which ran invalidate_icache()").isPositive();
        assertThat(v.message()).contains("xen_extra_version").contains("had not serialised");
    }

    @Test
    void anIsbOnEveryCpuLeaving_isCleanOver200Seeds() {
        CaseRuns.assertFixedClean(CASE, SEED, FIXED, 200);
    }

    @Test
    void underCoherent_theTwoReleasesCannotBeToldApart() {
        CaseRuns.assertCoherentShowsNeither(CASE, SEED, FIXED);
    }
}
