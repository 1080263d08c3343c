package dev.quiesce.cli;

import dev.quiesce.cli.Main;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** Scenario tests are the command line a person would type (as Cassandra's simulator tests are). */
class ScenarioCommandLineTest {

    private record Result(int exit, String out, String err) {
    }

    private static Result quiesce(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    @Test
    void straggler_withAOneMillisecondBarrier_timesOutInTheCpuPhase_andNothingChanges() {
        Result r = quiesce("run", "straggler", "--set", "barrier.timeout=1ms");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("timed-out rc=-16").contains("Timed out on semaphore in CPU quiesce phase 2/3")
                .contains("replay: ./quiesce run straggler --seed 0x5eed --set 'barrier.timeout=1ms'");
    }

    @Test
    void mixedVersionsUnsafe_endsOnNoMixedVersions_withItsReplayLine_andExitsThree() {
        Result r = quiesce("run", "mixed-versions-unsafe");
        assertThat(r.exit()).isEqualTo(Main.EXIT_FINDING);
        assertThat(r.err()).contains("violation: NoMixedVersions violated")
                .contains("replay: ./quiesce run mixed-versions-unsafe --seed 0x8");
    }

    @Test
    void anUnknownSetKey_isAClearErrorWithExitTwo() {
        Result r = quiesce("run", "xen-default", "--set", "barier.timeout=5ms");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("unknown key 'quiesce.scenario.barier.timeout'");
    }
}
