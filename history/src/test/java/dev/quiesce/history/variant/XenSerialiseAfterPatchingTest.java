package dev.quiesce.history.variant;

import dev.quiesce.coordinator.oracle.Violation;
import dev.quiesce.scenario.ScenarioResult;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Case xen-serialise-after-patching (Xen b01c2fb5834a, c5b06d0b1b4f): under {@code serialize} a CPU released by a
 * call/return alone enters the patched function with the old bytes after the apply is done; a serialising release
 * holds; under {@code coherent} the two cannot be told apart (docs/history.md).
 */
class XenSerialiseAfterPatchingTest {

    private static final String CASE = "xen-serialise-after-patching";
    private static final long SEED = 0x1;
    private static final String FIXED = "protocol=history.xen-serialise-after-patching.fixed";

    @Test
    void controlFlowChangeAlone_leavesAnotherCpuRunningTheOldBytesAfterDone_atTheDocumentedSeed() {
        ScenarioResult r = CaseRuns.run(CASE, SEED);
        assertThat(r.violations()).hasSize(1);
        Violation v = r.violations().getFirst();
        assertThat(v.oracle()).isEqualTo("NewVersionEverywhere");
        assertThat(v.cpu()).as("not the master (CPU 0), which wrote the code").isPositive();
        assertThat(v.message()).contains("xen_extra_version").contains("had not serialised");
    }

    @Test
    void serialisingRelease_isCleanOver200Seeds() {
        assertThat(CaseRuns.run(CASE, SEED, FIXED).violations()).isEmpty();
        assertThat(CaseRuns.violatingRuns(CASE, 200, FIXED)).isZero();
    }

    @Test
    void underCoherent_theTwoReleasesCannotBeToldApart() {
        for (long seed = SEED; seed < SEED + 4; seed++) {
            ScenarioResult buggy = CaseRuns.run(CASE, seed, "xmc=coherent");
            ScenarioResult fixed = CaseRuns.run(CASE, seed, "xmc=coherent", FIXED);
            assertThat(buggy.violations()).as("seed %d", seed).isEmpty();
            assertThat(fixed.violations()).as("seed %d", seed).isEmpty();
            assertThat(buggy.outcomes().getFirst().result()).isEqualTo(fixed.outcomes().getFirst().result());
        }
    }
}
