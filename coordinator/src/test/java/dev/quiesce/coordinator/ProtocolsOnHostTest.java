package dev.quiesce.coordinator;

import dev.quiesce.coordinator.oracle.Violation;
import dev.quiesce.coordinator.protocol.ProtocolContext.PatchPolicy;
import dev.quiesce.coordinator.protocol.RendezvousEvent;
import dev.quiesce.coordinator.retry.RetryPolicy;
import dev.quiesce.splice.Granularity;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The five protocols on 8 emulated CPUs with the guest's writer/reader pair ({@code record_v2} replaces both
 * {@code record_write} and {@code record_read}; a reader meeting the other format traps): the races appear
 * without a barrier and never with Xen's or text_poke's; the stack check refuses a busy function; the lazy
 * protocol switches each CPU at its own quiescence point. The oracles run inside every run.
 */
class ProtocolsOnHostTest {

    private static final long AT = 100_000;
    private static final String RECORD = "record_v2";

    private static HostRun.Spec spec(String protocol, String payload) {
        return HostRun.Spec.of(8, protocol, payload, new ApplyRequest(AT, payload,
                dev.quiesce.splice.registry.Action.APPLY, 0, 0, 1), 200_000);
    }

    @Test
    void unsafeNoBarrier_tearsFetchesForSomeSeeds_whileXenRendezvousWithSwallowNeverDoesOnTheSameSeeds() {
        HostRun.Spec unsafe = spec("unsafe.no-barrier", RECORD).withPatch(new PatchPolicy(null, 100));
        List<Long> hit = new ArrayList<>();
        for (long seed : new long[] {1, 2, 3, 4}) {
            HostRun r = HostRun.run(unsafe, seed);
            if (!r.violations().isEmpty()) {
                Violation v = r.violations().getFirst();
                assertThat(v.oracle()).isIn("NoTornFetch", "NoMixedVersions", "GuestAssertions");
                hit.add(seed);
            }
            HostRun xen = HostRun.run(unsafe.withProtocol("xen.rendezvous"), seed);
            assertThat(xen.violations()).as("xen.rendezvous, seed %d", seed).isEmpty();
            assertThat(xen.last().rc()).isZero();
            assertThat(xen.finalState()).isEqualTo("APPLIED");
        }
        assertThat(hit).as("seeds where unsafe.no-barrier was caught").isNotEmpty();
    }

    @Test
    void unsafeNoBarrier_wholeSiteStoresApart_letACpuRunTheOldReaderAfterTheNewWriter() {
        HostRun r = HostRun.run(spec("unsafe.no-barrier", RECORD)
                .withPatch(new PatchPolicy(Granularity.WHOLE_SITE, 100)), 8);
        assertThat(r.violations()).singleElement().satisfies(v -> {
            assertThat(v.oracle()).isEqualTo("NoMixedVersions");
            assertThat(v.message()).contains("record_read (old)").contains("new record_write");
        });
    }

    @Test
    void textPokeInt3_neverTearsAFetch_atThreeSyncRoundsPerBatch() {
        // text_poke makes each instruction change atomic, not a payload: it promises nothing about versions
        for (long seed : new long[] {1, 2, 3, 4}) {
            HostRun r = HostRun.run(spec("text-poke.int3", RECORD)
                    .withOracles(List.of("NoTornFetch", "AllOrNothing", "RegistryTransitionsLegal")), seed);
            assertThat(r.violations()).as("seed %d", seed).isEmpty();
            ApplyOutcome o = r.last();
            assertThat(o.rc()).isZero();
            assertThat(o.syncRoundsNs()).hasSize(3);
            assertThat(o.stores()).isEqualTo(6); // int3 x2, tail x2, first byte x2
            assertThat(r.finalState()).isEqualTo("APPLIED");
        }
    }

    @Test
    void stopMachineStackCheck_refusesWhileACpuRunsThePatchedFunction_andTheKpatchRetrySucceedsLater() {
        HostRun.Spec s = spec("stop-machine.stack-check", "long_work_v2")
                .withStragglers(List.of(new HostCoordinator.Straggler(3, AT - 10_000, 2_000_000)))
                .withRetry(new RetryPolicy.Fixed(5, 1_000_000));
        // long work short and rare, so that mostly the straggler keeps do_long_work on a stack (with the default
        // workload some CPU nearly always is inside it: kpatch cannot patch a function that is always busy)
        HostRun.Spec run = new HostRun.Spec(4, """
                quiesce.host.workload { weight-long-work = 1, long-work-iterations = 200, long-work-jitter = 200 }
                """, s.protocol(), s.payloads(), s.requests(), s.stragglers(),
                s.retry(), s.patch(), s.oracles(), 4_000_000);
        HostRun r = HostRun.run(run, 5);
        ApplyOutcome first = r.outcomes().getFirst();
        assertThat(first.result()).isEqualTo(ApplyResult.ABORTED);
        assertThat(first.rc()).isEqualTo(-16);
        assertThat(first.message()).contains("CPU 3 has do_long_work on its stack (frame 0, 0x");
        assertThat(first.events()).anySatisfy(e -> assertThat(e).isInstanceOf(RendezvousEvent.StackBusy.class));
        assertThat(r.last().result()).isEqualTo(ApplyResult.DONE);
        assertThat(r.last().rc()).isZero();
        assertThat(r.last().request().attempt()).isGreaterThan(1);
        assertThat(r.finalState()).isEqualTo("APPLIED");
        assertThat(r.violations()).isEmpty();
    }

    @Test
    void lazyPerCpu_switchesEveryCpuAtItsOwnQuiescencePoint_withoutMixingVersions() {
        for (long seed : new long[] {1, 2, 3}) {
            HostRun r = HostRun.run(spec("lazy.per-cpu", RECORD), seed);
            assertThat(r.violations()).as("seed %d", seed).isEmpty();
            ApplyOutcome o = r.last();
            assertThat(o.rc()).isZero();
            assertThat(o.events()).filteredOn(e -> e instanceof RendezvousEvent.Switched).hasSize(8);
            assertThat(r.finalState()).isEqualTo("APPLIED");
        }
    }

    @Test
    void lazyPerCpu_refusesAFunctionWithoutAnEntryPad() {
        HostRun r = HostRun.run(spec("lazy.per-cpu", "xen_hello_world"), 1);
        assertThat(r.last().result()).isEqualTo(ApplyResult.ABORTED);
        assertThat(r.last().rc()).isEqualTo(-16);
        assertThat(r.last().message()).contains("entry pad").contains("xen_extra_version");
        assertThat(r.finalState()).isEqualTo("CHECKED");
        assertThat(r.textAfter()).isEqualTo(r.textBefore());
        assertThat(r.violations()).isEmpty();
    }
}
