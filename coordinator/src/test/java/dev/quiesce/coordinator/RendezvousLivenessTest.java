package dev.quiesce.coordinator;

import dev.quiesce.coordinator.oracle.Oracle;
import dev.quiesce.coordinator.oracle.OracleSettings;
import dev.quiesce.coordinator.oracle.Oracles;
import dev.quiesce.coordinator.oracle.RendezvousLiveness;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code RendezvousLiveness} on emulated hosts: every built-in Xen ending lets every CPU go at once; a rendezvous
 * that never releases its last CPU is reported, once the bound passed, with that CPU's PC, symbol and what it waits
 * for — and {@code SideStateRestored} sees the same CPU still held one boundary after the end.
 */
class RendezvousLivenessTest {

    private static final List<String> LIVENESS = List.of("RendezvousLiveness");

    private static HostRun.Spec neverReleases() {
        return HostRun.Spec.of(4, BrokenXenVariants.NeverReleasesLastCpu.NAME, "xen_hello_world",
                ApplyRequest.apply(SideStateRestoredTest.AT, "xen_hello_world"), 600_000);
    }

    @Test
    void aCpuNeverReleasedIsReportedPastTheBoundWithItsPcSymbolAndWhatItWaitsFor() {
        HostRun r = HostRun.run(neverReleases().withOracles(LIVENESS), 3);
        ApplyOutcome o = r.outcomes().getFirst();
        assertThat(o.result()).isEqualTo(ApplyResult.DONE);
        assertThat(r.violations()).singleElement().satisfies(v -> {
            assertThat(v.oracle()).isEqualTo("RendezvousLiveness");
            assertThat(v.cpu()).isEqualTo(3);
            assertThat(v.message()).contains("still in the rendezvous")
                    .contains("parked at its quiescence point with IRQs off, never released")
                    .contains("check_for_livepatch_work");
            assertThat(v.timeNs() - o.releasedNs()).isGreaterThan(100_000).isLessThanOrEqualTo(101_000);
        });
    }

    @Test
    void theBoundIsASetting() {
        HostRun.Spec s = neverReleases();
        HostRun r = HostRun.run(new HostRun.Spec(s.cpus(), s.hostConfig(), s.protocol(), s.payloads(), s.requests(),
                s.stragglers(), s.retry(), s.patch(), LIVENESS, s.durationNs()), 3,
                new OracleSettings(300_000));
        long released = r.outcomes().getFirst().releasedNs();
        assertThat(r.violations()).singleElement().satisfies(v ->
                assertThat(v.timeNs() - released).isGreaterThan(300_000).isLessThanOrEqualTo(301_000));
        assertThat(new RendezvousLiveness(0).boundNs()).isZero();
        assertThatThrownBy(() -> new OracleSettings(-1)).hasMessageContaining("0..1s");
        assertThatThrownBy(() -> new OracleSettings(1_000_000_001L)).hasMessageContaining("0..1s");
        assertThat(Oracles.parse(List.of("rendezvousliveness"), new OracleSettings(7)))
                .singleElement().satisfies(o -> assertThat(((RendezvousLiveness) o).boundNs()).isEqualTo(7));
        assertThat(Oracles.all().stream().map(Oracle::name))
                .contains("SideStateRestored", "RendezvousLiveness");
    }

    @Test
    void sideStateRestoredSeesTheHeldCpuFirst() {
        HostRun r = HostRun.run(neverReleases(), 3);
        assertThat(r.violations()).singleElement().satisfies(v -> {
            assertThat(v.oracle()).isEqualTo("SideStateRestored");
            assertThat(v.cpu()).isEqualTo(3);
            assertThat(v.message()).contains("IRQs are still off by the protocol's command");
        });
    }

    @Test
    void xenRendezvousReleasesEveryCpuOnItsDoneAndTimedOutPaths() {
        HostRun done = HostRun.run(HostRun.Spec.of(4, "xen.rendezvous", "xen_hello_world",
                ApplyRequest.apply(SideStateRestoredTest.AT, "xen_hello_world"), 400_000)
                .withOracles(LIVENESS), 3, new OracleSettings(0));
        assertThat(done.last().result()).isEqualTo(ApplyResult.DONE);
        assertThat(done.violations()).as("even with a bound of 0").isEmpty();
        HostRun timedOut = HostRun.run(SideStateRestoredTest.cpuPhaseTimeout("xen.rendezvous").withOracles(LIVENESS),
                3, new OracleSettings(0));
        assertThat(timedOut.last().result()).isEqualTo(ApplyResult.TIMED_OUT);
        assertThat(timedOut.violations()).isEmpty();
    }
}
