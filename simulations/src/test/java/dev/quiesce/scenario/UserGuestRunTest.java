package dev.quiesce.scenario;

import dev.quiesce.coordinator.ApplyOutcome;
import dev.quiesce.coordinator.ApplyResult;
import dev.quiesce.hunt.ReplayFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A small user guest (UserProject: a workload and a patchable function, a fix of it) on 4 CPUs under xen.rendezvous:
 * the payload built from its base and patched trees applies, and each CPU's own copy of the workload's variable shows
 * the old function's result before the apply and the new one after.
 */
class UserGuestRunTest {

    @TempDir
    Path dir;

    /** One boundary's view: the time and each CPU's last_scaled. */
    private record Seen(long nowNs, long[] perCpu) {
    }

    @Test
    void theBuiltPayloadAppliesOnFourCpusAndEachCpuComputesWithThePatchedFunctionAfterIt() {
        Scenario s = ScenarioLoader.load(UserProject.write(dir, UserScenarioLoaderTest.SCENARIO).toString(), List.of());
        List<Seen> seen = new ArrayList<>();
        ScenarioResult r = ScenarioRunner.run(s, false, (now, m) -> {
            long[] v = new long[m.settings().cpus()];
            for (int cpu = 0; cpu < v.length; cpu++) {
                v[cpu] = m.readPrivateU64(cpu, "last_scaled");
            }
            seen.add(new Seen(now, v));
        });
        assertThat(r.violations()).isEmpty();
        ApplyOutcome o = r.outcomes().getLast();
        assertThat(o.result()).isEqualTo(ApplyResult.DONE);
        assertThat(o.rc()).isZero();
        // before the hypercall every CPU that ran the workload saw scale(7) = 14; at the end every CPU sees 21
        assertThat(seen.stream().filter(x -> x.nowNs() < o.issuedNs()).flatMapToLong(x -> java.util.Arrays.stream(x.perCpu()))
                .filter(v -> v != 0).distinct().toArray()).containsExactly(14);
        assertThat(seen.getLast().perCpu()).containsOnly(21);
    }

    @Test
    void aFailedAssertInUserCodeIsAGuestAssertionsViolationWithItsMessage() {
        Path file = UserProject.write(dir, UserScenarioLoaderTest.SCENARIO);
        UserProject.write(dir, "src/work.c", "#include <assert.h>\n" + UserProject.WORKLOAD.replace("calls++;",
                "calls++;\n    assert(cpu != 1 || iter < 3);"));
        ScenarioResult r = ScenarioRunner.run(ScenarioLoader.load(file.toString(), List.of()), false);
        assertThat(r.violations()).singleElement().satisfies(v -> {
            assertThat(v.oracle()).isEqualTo("GuestAssertions");
            assertThat(v.message()).contains("work.c:").contains("run_once: Assertion `cpu != 1 || iter < 3' failed.");
        });
    }

    @Test
    void aStringTheCodeWritesIsReadFromEachCpusOwnCopy() {
        UserProject.write(dir, UserScenarioLoaderTest.SCENARIO);
        UserProject.write(dir, "src/say.c", """
                char said[16];
                void say(unsigned cpu, unsigned long iter)
                {
                    (void)iter;
                    said[0] = 'c';
                    said[1] = (char)('0' + cpu);
                    said[2] = 0;
                }
                """);
        Scenario s = UserCodeRuns.scenario(dir, "say.conf", UserScenarioLoaderTest.SCENARIO
                .replace("workload = run_once", "workload = say").replaceAll("(?s)payloads = .*", ""), List.of());
        List<String> last = new ArrayList<>();
        ScenarioRunner.run(s, false, (now, m) -> {
            last.clear();
            for (int cpu = 0; cpu < 4; cpu++) {
                last.add(UserCodeRuns.privateString(m, cpu, "said", 16));
            }
        });
        assertThat(last).containsExactly("c0", "c1", "c2", "c3");
    }

    @Test
    void theSameSeedGivesTheSameTraceHashWithOneThreadOrTwoAndFromAnotherFolder() {
        String file = UserProject.write(dir, UserScenarioLoaderTest.SCENARIO).toString();
        String one = ScenarioRunner.run(ScenarioLoader.load(file, List.of("threads=1")), false).report().traceHash();
        String two = ScenarioRunner.run(ScenarioLoader.load(file, List.of("threads=2")), false).report().traceHash();
        String other = ScenarioRunner.run(ScenarioLoader.load(file, List.of("threads=2", "seed=\"0x7\"")), false)
                .report().traceHash();
        String moved = UserProject.write(dir.resolve("elsewhere/deeper"), UserScenarioLoaderTest.SCENARIO).toString();
        String there = ScenarioRunner.run(ScenarioLoader.load(moved, List.of("threads=2")), false).report().traceHash();
        assertThat(two).isEqualTo(one);
        assertThat(there).as("the same code in another folder").isEqualTo(one);
        assertThat(other).isNotEqualTo(one);
    }

    @Test
    void aReplayFileOfAUserRunReproducesItsTraceHash() {
        String file = UserProject.write(dir, UserScenarioLoaderTest.SCENARIO).toString();
        ScenarioResult r = ScenarioRunner.run(ScenarioLoader.load(file, List.of("seed=\"0x1234\"")), false);
        ReplayFile replay = ReplayFile.of(r);
        assertThat(replay.source()).isEqualTo(file);
        assertThat(ScenarioRunner.run(replay.scenario(), false).report().traceHash()).isEqualTo(r.report().traceHash());
    }

    @Test
    void aQuiescenceFunctionIsWhereTheCpusAreHeldAndThePatchApplies() {
        String scenario = UserScenarioLoaderTest.SCENARIO.replace("workload = run_once",
                "workload = run_once\n  quiescence = quiet_point");
        Path file = UserProject.write(dir, scenario);
        UserProject.write(dir, "src/quiet.c", "__attribute__((noinline, noipa)) void quiet_point(void) { }\n");
        UserProject.write(dir, "fix/quiet.c", "__attribute__((noinline, noipa)) void quiet_point(void) { }\n");
        UserProject.write(dir, "src/work.c", UserProject.WORKLOAD.replace("calls++;", "calls++;\n    quiet_point();")
                .replace("unsigned long scale", "void quiet_point(void);\nunsigned long scale"));
        UserProject.write(dir, "fix/work.c", UserProject.WORKLOAD.replace("calls++;", "calls++;\n    quiet_point();")
                .replace("unsigned long scale", "void quiet_point(void);\nunsigned long scale"));
        Scenario s = ScenarioLoader.load(file.toString(), List.of());
        assertThat(s.host().guest().quiescence()).isEqualTo("quiet_point");
        ScenarioResult r = ScenarioRunner.run(s, false);
        assertThat(r.violations()).isEmpty();
        assertThat(r.outcomes().getLast().result()).isEqualTo(ApplyResult.DONE);
        assertThat(r.report().cpus()).allSatisfy(c -> assertThat(c.quiescencePoints()).isPositive());
    }

    @Test
    void aWorkloadThatNeverReturnsOnOneCpuTimesTheBarrierOutAndThatCpuNeverArrives() {
        Path file = UserProject.write(dir, UserScenarioLoaderTest.SCENARIO + "barrier.timeout = 300us\n");
        UserProject.write(dir, "src/work.c", UserProject.WORKLOAD.replace("calls++;",
                "calls++;\n    while (cpu == 2)\n        __asm__ volatile(\"\" ::: \"memory\");"));
        ScenarioResult r = ScenarioRunner.run(ScenarioLoader.load(file.toString(), List.of()), false);
        ApplyOutcome o = r.outcomes().getFirst();
        assertThat(o.result()).isEqualTo(ApplyResult.TIMED_OUT);
        assertThat(o.rc()).isEqualTo(-16);
        assertThat(o.message()).contains("Timed out on semaphore in CPU quiesce phase");
        assertThat(o.arrivalNs()[2]).as("CPU 2 never reached its quiescence point").isEqualTo(-1);
        assertThat(o.arrivalNs()[1]).isNotEqualTo(-1);
        // the outcome names the late CPU where it spins: in the user's function, with its source line
        assertThat(o.late()).singleElement().satisfies(late -> {
            assertThat(late.cpu()).isEqualTo(2);
            assertThat(late.symbol()).startsWith("run_once+");
            assertThat(late.line()).matches("(\\./)?work\\.c:1[0-2]");
        });
    }
}
