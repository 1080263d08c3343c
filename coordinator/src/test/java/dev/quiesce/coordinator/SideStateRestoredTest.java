package dev.quiesce.coordinator;

import dev.quiesce.coordinator.oracle.Violation;
import dev.quiesce.coordinator.protocol.NmiPolicy;
import dev.quiesce.coordinator.protocol.ProtocolContext.PatchPolicy;
import dev.quiesce.coordinator.retry.RetryPolicy;
import dev.quiesce.splice.registry.Action;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code SideStateRestored} on emulated hosts: Xen's rendezvous leaves nothing behind on its done and timed-out
 * paths, nor does any other built-in protocol on its own paths; the abort path that forgot
 * {@code arch_livepatch_unmask()} before Xen commit c5ed88110cd1 is caught with the CPU whose NMIs stay masked.
 */
class SideStateRestoredTest {

    static final long AT = 100_000;
    static final List<String> NEW_ORACLES = List.of("SideStateRestored", "RendezvousLiveness");

    /** 4 CPUs, CPU 3 in ~2.5 ms of non-preemptible work when the apply comes, a 100 µs rendezvous timeout. */
    static HostRun.Spec cpuPhaseTimeout(String protocol) {
        ApplyRequest r = ApplyRequest.apply(AT, "xen_hello_world").withTimeout(100_000);
        return HostRun.Spec.of(4, protocol, "xen_hello_world", r, 600_000)
                .withStragglers(List.of(new HostCoordinator.Straggler(3, AT - 20_000, 2_000_000)));
    }

    @Test
    void xenRendezvousTimingOutInTheCpuPhaseLeavesNothingBehind() {
        HostRun r = HostRun.run(cpuPhaseTimeout("xen.rendezvous"), 3);
        assertThat(r.last().result()).isEqualTo(ApplyResult.TIMED_OUT);
        assertThat(r.last().message()).contains("CPU quiesce phase");
        assertThat(r.violations()).isEmpty();
    }

    @Test
    void anAbortThatForgetsToUnmaskNmisIsCaughtOnTheFirstCpuAtTheBoundaryAfterTheRelease() {
        HostRun r = HostRun.run(cpuPhaseTimeout(BrokenXenVariants.AbortKeepsNmisMasked.NAME), 3);
        assertThat(r.violations()).singleElement().satisfies(v -> {
            assertThat(v.oracle()).isEqualTo("SideStateRestored");
            assertThat(v.cpu()).isZero();
            assertThat(v.message()).contains("APPLY of 'xen_hello_world' (timed-out, rc -16)")
                    .contains("NMIs are still masked (swallowed by mask_nmi_callback)")
                    .contains("arch_livepatch_unmask() was skipped");
            assertThat(v.timeNs()).isGreaterThan(r.outcomes().getFirst().releasedNs());
        });
        assertThat(r.outcomes().getFirst().result()).isEqualTo(ApplyResult.TIMED_OUT);
    }

    @Test
    void theForgetfulVariantPassesOnItsDonePathWhichStillUnmasks() {
        ApplyRequest r = ApplyRequest.apply(AT, "xen_hello_world");
        HostRun run = HostRun.run(HostRun.Spec.of(4, BrokenXenVariants.AbortKeepsNmisMasked.NAME, "xen_hello_world",
                r, 300_000), 3);
        assertThat(run.last().result()).isEqualTo(ApplyResult.DONE);
        assertThat(run.violations()).isEmpty();
    }

    @Test
    void theCaughtRunReplaysToTheSameViolationAndHashWithOneOrTwoThreads() {
        HostRun.Spec s = cpuPhaseTimeout(BrokenXenVariants.AbortKeepsNmisMasked.NAME);
        HostRun one = HostRun.run(s, 5, 1);
        HostRun two = HostRun.run(s, 5, 2);
        assertThat(one.violations()).isNotEmpty().isEqualTo(two.violations());
        assertThat(one.report().traceHash()).isEqualTo(two.report().traceHash());
    }

    @Test
    void deferredNmisLeftMaskedAreNamedAsDeferred() {
        HostRun.Spec s = cpuPhaseTimeout(BrokenXenVariants.AbortKeepsNmisMasked.NAME);
        ApplyRequest deferred = s.requests().getFirst().withNmiPolicy(NmiPolicy.DEFER);
        Violation v = HostRun.run(s.withRequests(List.of(deferred)), 3).violations().getFirst();
        assertThat(v.message()).contains("NMIs are still masked (deferred)");
    }

    @Test
    void everyBuiltInProtocolLeavesNothingBehindOnItsDoneAndAbortPaths() {
        for (String p : List.of("xen.rendezvous", "stop-machine.stack-check", "text-poke.int3", "lazy.per-cpu",
                "unsafe.no-barrier")) {
            HostRun done = HostRun.run(HostRun.Spec.of(4, p, "long_work_v2", new ApplyRequest(AT, "long_work_v2",
                    Action.APPLY, 0, 0, 1), 300_000).withOracles(NEW_ORACLES), 2);
            assertThat(done.violations()).as(p).isEmpty();
            assertThat(done.outcomes()).as(p).isNotEmpty();
        }
        // stop_machine aborting on a busy stack, retried until it succeeds (kpatch)
        HostRun busy = HostRun.run(HostRun.Spec.of(4, "stop-machine.stack-check", "long_work_v2",
                new ApplyRequest(AT, "long_work_v2", Action.APPLY, 0, 0, 1), 3_000_000)
                .withStragglers(List.of(new HostCoordinator.Straggler(3, AT - 10_000, 2_000_000)))
                .withRetry(new RetryPolicy.Fixed(5, 1_000_000)).withOracles(NEW_ORACLES), 5);
        assertThat(busy.outcomes().getFirst().result()).isEqualTo(ApplyResult.ABORTED);
        assertThat(busy.violations()).isEmpty();
        // stop_machine timing out: CPU 3's IRQs stay off longer than the timeout, so it never stops
        HostRun stopTimeout = HostRun.run(HostRun.Spec.of(4, "stop-machine.stack-check", "xen_hello_world",
                ApplyRequest.apply(AT, "xen_hello_world").withTimeout(2_000), 400_000).withHostConfig(
                "quiesce.host.workload { weight-irqs-off = 90, irqs-off-iterations = 20000 }")
                .withOracles(NEW_ORACLES), 1);
        assertThat(stopTimeout.last().result()).isEqualTo(ApplyResult.ABORTED);
        assertThat(stopTimeout.last().message()).contains("stop_machine timed out");
        assertThat(stopTimeout.violations()).isEmpty();
        // the lazy protocol refusing a function without an entry pad
        HostRun lazy = HostRun.run(HostRun.Spec.of(4, "lazy.per-cpu", "xen_hello_world",
                ApplyRequest.apply(AT, "xen_hello_world"), 300_000).withOracles(NEW_ORACLES), 1);
        assertThat(lazy.last().result()).isEqualTo(ApplyResult.ABORTED);
        assertThat(lazy.violations()).isEmpty();
        // text_poke with stores spread out, so its int3s sit for a while
        HostRun poke = HostRun.run(HostRun.Spec.of(4, "text-poke.int3", "record_v2", new ApplyRequest(AT,
                "record_v2", Action.APPLY, 0, 0, 1), 300_000).withPatch(new PatchPolicy(null, 500))
                .withOracles(NEW_ORACLES), 1);
        assertThat(poke.last().rc()).isZero();
        assertThat(poke.violations()).isEmpty();
    }
}
