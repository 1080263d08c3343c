package dev.quiesce.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiesce.coordinator.ApplyResult;
import dev.quiesce.coordinator.oracle.Violation;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The protocols on AArch64 hosts (docs/aarch64.md): Xen's rendezvous and stop_machine apply xen_hello_world with no
 * oracle violated, the barrier-less protocol's write of a {@code B} over a running function's first instruction is
 * what the Arm ARM forbids (ConcurrentModificationAllowed), text_poke's breakpoint protocol and the x86 fetch models
 * are refused with the reason, and the trace hash does not depend on the thread count.
 */
class Aarch64HostsTest {

    private static ScenarioResult run(String... sets) {
        List<String> all = new ArrayList<>(List.of("arch=aarch64", "duration=400us"));
        all.addAll(List.of(sets));
        return ScenarioRunner.run(ScenarioLoader.load("xen-default", all), false);
    }

    @Test
    void xensRendezvousAppliesOnAarch64WithEveryOracleQuiet() {
        ScenarioResult r = run();
        assertThat(r.violations()).isEmpty();
        assertThat(r.outcomes()).hasSize(1);
        assertThat(r.outcomes().getFirst().result()).isEqualTo(ApplyResult.DONE);
        assertThat(r.outcomes().getFirst().rc()).isZero();
        assertThat(r.report().cpus()).allSatisfy(c -> assertThat(c.faults()).isZero());
    }

    @Test
    void underArmsFetchModelTheRendezvousStillLeavesEveryCpuOnTheNewCode() {
        ScenarioResult r = run("xmc=arm");
        assertThat(r.violations()).isEmpty();
        assertThat(r.outcomes().getFirst().result()).isEqualTo(ApplyResult.DONE);
    }

    @Test
    void stopMachineAppliesOnAarch64() {
        ScenarioResult r = run("protocol=stop-machine.stack-check");
        assertThat(r.violations()).isEmpty();
        assertThat(r.outcomes().getFirst().result()).isEqualTo(ApplyResult.DONE);
    }

    @Test
    void lazyPerCpuDispatchesThroughA64TrampolinesAtTheEntryPads() {
        ScenarioResult r = ScenarioRunner.run(ScenarioLoader.load("compare-protocols",
                List.of("arch=aarch64", "protocol=lazy.per-cpu", "duration=400us")), false);
        assertThat(r.violations()).isEmpty();
        assertThat(r.outcomes().getFirst().result()).isEqualTo(ApplyResult.DONE);
    }

    @Test
    void writingABranchOverARunningFunctionsFirstInstructionViolatesArmsRule() {
        ScenarioResult r = run("protocol=unsafe.no-barrier");
        assertThat(r.violations()).extracting(Violation::oracle).contains("ConcurrentModificationAllowed");
    }

    @Test
    void theTraceHashDoesNotDependOnTheThreadCount() {
        assertThat(run("threads=1").report().traceHash()).isEqualTo(run("threads=2").report().traceHash());
    }

    @Test
    void textPokesBreakpointProtocolIsRefusedOnAarch64WithTheReason() {
        assertThatThrownBy(() -> run("protocol=text-poke.int3")).hasMessageContaining("arm64 has none")
                .hasMessageContaining("stop_machine");
        assertThatThrownBy(() -> run("store.granularity=int3")).hasMessageContaining("store.granularity");
    }

    @Test
    void aFetchModelOfTheOtherArchitectureIsRefused() {
        assertThatThrownBy(() -> run("xmc=serialize")).hasMessageContaining("models x86 hardware");
        assertThatThrownBy(() -> ScenarioLoader.load("xen-default", List.of("xmc=arm")))
                .hasMessageContaining("models Arm hardware").hasMessageContaining("arch = x86-64");
    }
}
