package dev.quiesce.fleet.model;

import dev.quiesce.coordinator.ApplyOutcome;
import dev.quiesce.coordinator.ApplyResult;
import dev.quiesce.coordinator.ApplyRequest;
import dev.quiesce.coordinator.HostCoordinator;
import dev.quiesce.coordinator.protocol.RendezvousEvent;
import dev.quiesce.coordinator.retry.RetryPolicy;
import dev.quiesce.cpu.CpuEvent;
import dev.quiesce.random.SeedStream;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ModelledHostTest {

    /** Quiescence every 2–10 µs, IRQs 5/ms of 1–3 µs, NMIs 0.05/ms of 500 ns. */
    static CpuModel light() {
        long[] gaps = new long[9];
        for (int i = 0; i < gaps.length; i++) {
            gaps[i] = 2_000 + 1_000L * i;
        }
        return new CpuModel("light", Empirical.of(gaps), 5, Empirical.of(new long[] {1_000, 2_000, 3_000}), 0.05,
                Empirical.of(new long[] {500}));
    }

    private static ModelledHost host(int cpus, long seed) {
        return new ModelledHost(Collections.nCopies(cpus, light()), SeedStream.root(seed).child("host", 0),
                "xen.rendezvous", 1_000);
    }

    @Test
    void xenRendezvous_runsUnchangedOnModelledCpus_andAppliesWithinTheDeadline() {
        List<ApplyOutcome> o = host(64, 1).apply(ApplyRequest.apply(10_000, "p"), RetryPolicy.none(), List.of(),
                100_000_000);
        assertThat(o).singleElement().satisfies(a -> {
            assertThat(a.result()).isEqualTo(ApplyResult.DONE);
            assertThat(a.rc()).isZero();
            assertThat(a.events()).filteredOn(e -> e instanceof RendezvousEvent.Arrived).hasSize(63);
            assertThat(a.events()).filteredOn(e -> e instanceof RendezvousEvent.IrqsOff).hasSize(64);
            long slowest = java.util.Arrays.stream(a.arrivalNs()).max().orElseThrow();
            assertThat(a.releasedNs()).isGreaterThanOrEqualTo(slowest).isLessThan(a.deadlineNs());
        });
    }

    @Test
    void aStalledCpu_timesOutInTheCpuPhase_andTheRetryGetsThroughOnceItIdles() {
        ApplyRequest r = ApplyRequest.apply(10_000, "p").withTimeout(1_000_000);
        List<HostCoordinator.Straggler> stall = List.of(new HostCoordinator.Straggler(5, 5_000, 3_000_000));
        List<ApplyOutcome> o = host(8, 2).apply(r, new RetryPolicy.Fixed(5, 1_000_000), stall, 100_000_000);
        assertThat(o.getFirst().result()).isEqualTo(ApplyResult.TIMED_OUT);
        assertThat(o.getFirst().rc()).isEqualTo(-16);
        assertThat(o.getFirst().message()).contains("Timed out on semaphore in CPU quiesce phase 6/7");
        // at the first boundary at or after the deadline, as on an emulated host (not later: no skipped deadline)
        assertThat(o.getFirst().releasedNs()).isEqualTo(Math.ceilDiv(o.getFirst().deadlineNs(), 1_000) * 1_000);
        assertThat(o.getLast().result()).isEqualTo(ApplyResult.DONE);
        assertThat(o.getLast().request().attempt()).isGreaterThan(1);
    }

    @Test
    void theSameSeedGivesTheSameOutcome_andModelledCpusEmitTheEmulatedEventTypes() {
        List<ApplyOutcome> a = host(16, 7).apply(ApplyRequest.apply(3_000, "p"), RetryPolicy.none(), List.of(), 1_000_000);
        List<ApplyOutcome> b = host(16, 7).apply(ApplyRequest.apply(3_000, "p"), RetryPolicy.none(), List.of(), 1_000_000);
        assertThat(a.getFirst().events()).isEqualTo(b.getFirst().events());
        ModelledCpu c = new ModelledCpu(0, light(), SeedStream.root(3));
        List<CpuEvent> out = new ArrayList<>();
        c.runUntil(2_000_000, out);
        assertThat(out).extracting(e -> e.getClass().getSimpleName())
                .contains("Quiescence", "InterruptEntry", "InterruptExit");
        for (int i = 1; i < out.size(); i++) {
            assertThat(out.get(i).time()).isGreaterThanOrEqualTo(out.get(i - 1).time());
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"xen.rendezvous", "stop-machine.stack-check",
            "text-poke.int3", "lazy.per-cpu", "unsafe.no-barrier"})
    void everyBuiltInProtocol_settlesAnApplyOnModelledCpus(String protocol) {
        ModelledHost h = new ModelledHost(Collections.nCopies(8, light()), SeedStream.root(5).child("host", 0),
                protocol, 1_000);
        List<ApplyOutcome> o = h.apply(ApplyRequest.apply(10_000, "p"), RetryPolicy.none(), List.of(), 100_000_000);
        assertThat(o).singleElement().satisfies(a -> {
            assertThat(a.result()).isEqualTo(ApplyResult.DONE);
            assertThat(a.releasedNs()).isGreaterThanOrEqualTo(10_000);
        });
    }
}
