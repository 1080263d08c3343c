package dev.quiesce.cli;

import dev.quiesce.cli.Main;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Scenario tests are the command line a person would type (as Cassandra's simulator tests are). */
class ScenarioCommandLineTest {

    @Test
    void straggler_withAOneMillisecondBarrier_timesOutInTheCpuPhase_andNothingChanges() {
        CliRun r = CliRun.of("run", "straggler", "--set", "barrier.timeout=1ms");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("timed-out rc=-16").contains("Timed out on semaphore in CPU quiesce phase 2/3")
                .contains("replay: ./quiesce run straggler --seed 0x5eed --set 'barrier.timeout=1ms'");
    }

    @Test
    void mixedVersionsUnsafe_endsOnNoMixedVersions_withItsReplayLine_andExitsThree() {
        CliRun r = CliRun.of("run", "mixed-versions-unsafe");
        assertThat(r.exit()).isEqualTo(Main.EXIT_FINDING);
        assertThat(r.err()).contains("violation: NoMixedVersions violated")
                .contains("replay: ./quiesce run mixed-versions-unsafe --seed 0x8");
    }

    @Test
    void anUnknownSetKey_isAClearErrorWithExitTwo() {
        CliRun r = CliRun.of("run", "xen-default", "--set", "barier.timeout=5ms");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("unknown key 'quiesce.scenario.barier.timeout'");
    }
}
