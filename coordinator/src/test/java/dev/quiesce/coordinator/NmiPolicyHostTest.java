package dev.quiesce.coordinator;

import com.typesafe.config.ConfigFactory;
import dev.quiesce.coordinator.protocol.NmiPolicy;
import dev.quiesce.coordinator.protocol.RendezvousEvent;
import dev.quiesce.coordinator.retry.RetryPolicy;
import dev.quiesce.cpu.CpuEvent;
import dev.quiesce.host.actor.HostRunner;
import dev.quiesce.host.HostMachine;
import dev.quiesce.host.HostReport;
import dev.quiesce.host.HostSettings;
import dev.quiesce.host.QuantumHook;
import dev.quiesce.interrupt.InterruptKind;
import dev.quiesce.random.SeedStream;
import dev.quiesce.emulator.samples.SamplePayloads;
import dev.quiesce.guest.GuestLayout;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The NMI policy of the {@code xen.rendezvous} window (docs/xen-livepatch.md §4.3 steps 2 and 9, §4.6): under a high NMI
 * rate, Xen's {@code swallow} ({@code mask_nmi_callback} after {@code arch_livepatch_mask()},
 * xen/arch/x86/livepatch.c) loses NMIs, {@code defer} delivers the latched ones right after the release, and
 * {@code none} runs the handler inside the window. Oracles: the guest's own {@code percpu.nmis} counter and
 * the CPUs' events.
 */
class NmiPolicyHostTest {

    private static final long AT = 200_000;
    private static final long DURATION = 400_000;
    private static final int CPUS = 4;

    /** One run: its outcome, every CPU event and the guest's {@code percpu.nmis} afterwards. */
    record Run(HostReport report, ApplyOutcome outcome, List<CpuEvent> events, long[] guestNmis) {

        /** The window as the CPUs see it: from the boundary where the mask was set to the release. */
        boolean inWindow(CpuEvent e) {
            return e.time() >= outcome.cpuPhaseNs() && e.time() < outcome.releasedNs();
        }

        List<CpuEvent.InterruptEntry> nmiEntries() {
            return events.stream().filter(e -> e instanceof CpuEvent.InterruptEntry i && i.kind() == InterruptKind.NMI)
                    .map(CpuEvent.InterruptEntry.class::cast).toList();
        }

        List<CpuEvent.NmiSwallowed> swallowed() {
            return events.stream().filter(CpuEvent.NmiSwallowed.class::isInstance)
                    .map(CpuEvent.NmiSwallowed.class::cast).toList();
        }

        long entriesInWindow() {
            return nmiEntries().stream().filter(this::inWindow).count();
        }

        String line(String policy, long seed) {
            return "%s seed %d: window %d..%d ns, lost in window %d (swallowed %d), NMI entries in window %d, "
                    .formatted(policy, seed, outcome.cpuPhaseNs(), outcome.releasedNs(), outcome.totalLostNmis(),
                            swallowed().size(), entriesInWindow())
                    + "entries within 1us after release %d, guest nmis %s".formatted(
                    nmiEntries().stream().filter(e -> e.time() >= outcome.releasedNs()
                            && e.time() < outcome.releasedNs() + 1_000).count(), java.util.Arrays.toString(guestNmis));
        }
    }

    static Run run(NmiPolicy policy, long seed, int threads) {
        HostSettings s = HostSettings.from(ConfigFactory.parseString(
                "quiesce.host.cpus = " + CPUS + "\nquiesce.host.interrupts.nmi-rate-per-ms = 2000")
                .withFallback(ConfigFactory.load()));
        try (HostMachine m = HostMachine.boot(s, SeedStream.root(seed).child("host", 0))) {
            HostCoordinator c = new HostCoordinator(m, "xen.rendezvous",
                    List.of(ApplyRequest.apply(AT, HostUnderTest.HELLO).withNmiPolicy(policy)), List.of(),
                    RetryPolicy.none(), SeedStream.root(seed).child("host", 0));
            if (c.registry().upload(HostUnderTest.HELLO,
                    SamplePayloads.assemble(m.image()).get(HostUnderTest.HELLO)).rc() != 0) {
                throw new IllegalStateException("upload failed");
            }
            List<CpuEvent> events = new ArrayList<>();
            QuantumHook observed = (now, quantum, lockstep, out) -> {
                events.addAll(quantum);
                c.afterQuantum(now, quantum, lockstep, out);
            };
            HostReport r = HostRunner.run(m, observed, seed, DURATION, threads);
            long[] nmis = new long[CPUS];
            for (int cpu = 0; cpu < CPUS; cpu++) {
                nmis[cpu] = m.memory().readU64(m.percpuField(cpu, GuestLayout.PERCPU_NMIS));
            }
            assertThat(c.outcomes()).hasSize(1);
            return new Run(r, c.outcomes().getFirst(), List.copyOf(events), nmis);
        }
    }

    private static void assertGuestCountsDeliveredEntries(Run r) {
        for (int cpu = 0; cpu < CPUS; cpu++) {
            int c = cpu;
            long entries = r.nmiEntries().stream().filter(e -> e.cpu() == c).count();
            assertThat(r.guestNmis()[cpu]).as("percpu.nmis of cpu %d", cpu).isEqualTo(entries)
                    .isEqualTo(r.report().cpus().get(cpu).nmis());
        }
    }

    @Test
    void swallowLosesNmisInsideTheWindowAndTheGuestCountsOnlyDeliveredOnes() {
        for (long seed : new long[] {7, 11}) {
            Run r = run(NmiPolicy.SWALLOW, seed, 2);
            System.out.println(r.line("swallow", seed));
            assertThat(r.outcome().result()).isEqualTo(ApplyResult.DONE);
            assertThat(r.outcome().request().nmiPolicy()).isEqualTo(NmiPolicy.SWALLOW);
            assertThat(r.swallowed()).as("NMIs swallowed by mask_nmi_callback").isNotEmpty()
                    .allMatch(r::inWindow);
            assertThat(r.entriesInWindow()).as("no NMI handler runs while masked").isZero();
            assertThat(r.outcome().events()).filteredOn(e -> e instanceof RendezvousEvent.NmiLost l && l.swallowed())
                    .hasSize(r.swallowed().size());
            assertThat(r.outcome().totalLostNmis()).isGreaterThanOrEqualTo(r.swallowed().size());
            assertThat(java.util.Arrays.stream(r.outcome().lostNmis()).sum()).isEqualTo(r.outcome().totalLostNmis());
            assertGuestCountsDeliveredEntries(r);
            assertThat(r.nmiEntries()).as("NMIs still run outside the window").isNotEmpty();
        }
    }

    @Test
    void deferLosesNothingALatchCanHoldAndDeliversRightAfterRelease() {
        for (long seed : new long[] {7, 11}) {
            Run r = run(NmiPolicy.DEFER, seed, 2);
            System.out.println(r.line("defer", seed));
            assertThat(r.outcome().result()).isEqualTo(ApplyResult.DONE);
            assertThat(r.swallowed()).isEmpty();
            assertThat(r.outcome().events()).noneMatch(e -> e instanceof RendezvousEvent.NmiLost l && l.swallowed());
            assertThat(r.entriesInWindow()).as("NMIs wait in the latch while masked").isZero();
            long released = r.outcome().releasedNs();
            // every CPU latched one NMI in the window (2 per us, window of several us): delivered when the CPU leaves
            // its spin loop, at its first read at or after the release (within one spin-poll period)
            long poll = HostSettings.defaults().cpu().spinPollNs();
            java.util.function.Predicate<CpuEvent> atRelease = e -> e.time() >= released && e.time() <= released + poll;
            for (int cpu = 0; cpu < CPUS; cpu++) {
                int c = cpu;
                assertThat(r.nmiEntries()).as("cpu %d's latched NMI", cpu)
                        .anyMatch(e -> e.cpu() == c && atRelease.test(e));
            }
            assertGuestCountsDeliveredEntries(r);
            // the same arrivals (seeded schedule, same window): what swallow loses, defer loses minus one per latch
            Run swallowed = run(NmiPolicy.SWALLOW, seed, 2);
            long deferred = r.nmiEntries().stream().filter(atRelease::test).count();
            assertThat(deferred).isEqualTo(CPUS);
            assertThat(r.outcome().totalLostNmis() + deferred).isEqualTo(swallowed.swallowed().size());
        }
    }

    @Test
    void noneRunsTheNmiHandlerInsideTheWindow() {
        for (long seed : new long[] {7, 11}) {
            Run r = run(NmiPolicy.NONE, seed, 2);
            System.out.println(r.line("none", seed));
            assertThat(r.outcome().result()).isEqualTo(ApplyResult.DONE);
            assertThat(r.swallowed()).isEmpty();
            assertThat(r.entriesInWindow()).as("the handler runs on (possibly half-written) code").isPositive();
            assertGuestCountsDeliveredEntries(r);
        }
    }

    @Test
    void theSameSeedGivesTheSameHashWithOneOrTwoThreadsAndThePolicyChangesIt() {
        Run one = run(NmiPolicy.SWALLOW, 7, 1);
        Run two = run(NmiPolicy.SWALLOW, 7, 2);
        assertThat(one.report().traceHash()).isEqualTo(two.report().traceHash());
        assertThat(one.outcome().events()).isEqualTo(two.outcome().events());
        assertThat(one.outcome().lostNmis()).isEqualTo(two.outcome().lostNmis());
        Run deferred = run(NmiPolicy.DEFER, 7, 1);
        assertThat(deferred.report().traceHash()).isNotEqualTo(one.report().traceHash());
    }
}
