package dev.quiesce.coordinator;

import dev.quiesce.coordinator.protocol.NmiPolicy;
import dev.quiesce.coordinator.protocol.ProtocolContext.PatchPolicy;
import dev.quiesce.coordinator.protocol.RendezvousEvent;
import dev.quiesce.splice.Granularity;
import dev.quiesce.splice.registry.Action;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Xen's rendezvous under an NMI storm (perf sampling at 2 MHz per CPU) whose handler calls the function being
 * patched ({@code nmi_handler} → {@code xen_extra_version}): with the NMI policy {@code none} and a store plan that
 * takes time (byte stores 20 ns apart) an NMI fetches the half-written JMP; Xen's {@code swallow} never lets it;
 * kpatch's {@code abort} fails the apply first. A violating seed replays to the same violation and trace hash.
 */
class NmiRacesOnHostTest {

    private static final long AT = 50_000;
    private static final String STORM = "quiesce.host.interrupts.nmi-rate-per-ms = 2000";

    private static HostRun.Spec spec(NmiPolicy nmi, Granularity g, long spacing) {
        ApplyRequest r = new ApplyRequest(AT, "xen_hello_world", Action.APPLY, 0, 0, 1, nmi);
        return HostRun.Spec.of(8, "xen.rendezvous", "xen_hello_world", r, 200_000).withHostConfig(STORM)
                .withPatch(new PatchPolicy(g, spacing));
    }

    @Test
    void nmiPolicyNone_tearsAFetchInTheNmiHandler_andTheSeedReplaysToTheSameViolationWithAnyThreadCount() {
        HostRun.Spec s = spec(NmiPolicy.NONE, Granularity.PER_BYTE, 20);
        HostRun first = HostRun.run(s, 1, 2);
        assertThat(first.violations()).singleElement().satisfies(v -> {
            assertThat(v.oracle()).isEqualTo("NoTornFetch");
            assertThat(v.message()).contains("xen_extra_version").contains("in its NMI handler");
        });
        HostRun replay = HostRun.run(s, 1, 1);
        assertThat(replay.violations()).isEqualTo(first.violations());
        assertThat(replay.report().traceHash()).isEqualTo(first.report().traceHash());
    }

    @Test
    void nmiPolicySwallow_onTheSameSeedsNeverTearsAFetch_andCountsTheLostNmis() {
        for (long seed : new long[] {1, 3, 4}) {
            HostRun r = HostRun.run(spec(NmiPolicy.SWALLOW, Granularity.PER_BYTE, 20), seed);
            assertThat(r.violations()).as("seed %d", seed).isEmpty();
            assertThat(r.last().rc()).isZero();
            assertThat(r.last().totalLostNmis()).isPositive();
        }
    }

    @Test
    void nmiPolicyAbort_failsTheApplyWithEbusyWhenAnNmiEntersThePatchedFunction_andNothingChanges() {
        HostRun r = HostRun.run(spec(NmiPolicy.ABORT, null, 0), 1);
        ApplyOutcome o = r.outcomes().getFirst();
        assertThat(o.result()).isEqualTo(ApplyResult.ABORTED);
        assertThat(o.rc()).isEqualTo(-16);
        assertThat(o.message()).contains("entered xen_extra_version");
        assertThat(o.events()).anySatisfy(e -> assertThat(e).isInstanceOf(RendezvousEvent.NmiInPatchedFunction.class));
        assertThat(r.textAfter()).isEqualTo(r.textBefore());
        assertThat(r.finalState()).isEqualTo("CHECKED");
        assertThat(r.violations()).isEmpty();
    }
}
