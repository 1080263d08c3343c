package dev.quiesce.coordinator;

import dev.quiesce.coordinator.protocol.NmiPolicy;
import dev.quiesce.coordinator.protocol.ProtocolContext.PatchPolicy;
import dev.quiesce.coordinator.protocol.RendezvousEvent;
import dev.quiesce.splice.Granularity;
import dev.quiesce.splice.registry.Action;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Xen masks NMIs during the livepatch window but not machine checks ({@code mask_nmi_callback} in
 * xen/arch/x86/livepatch.c: "TODO: Handle missing NMI/MCE"): under Xen's own {@code swallow} policy, with a store plan
 * that takes time (byte stores 200 ns apart), an #MC injected on every CPU inside the store window runs the guest's
 * {@code mce_handler}, which calls the function being patched ({@code xen_extra_version}), and NoTornFetch catches
 * the half-written JMP; NMIs injected at the same instants are swallowed and tear nothing.
 */
class MachineCheckRacesOnHostTest {

    private static final int CPUS = 4;
    private static final long AT = 50_000;
    private static final long SPACING = 200;

    private static HostRun.Spec spec(String hostConfig) {
        ApplyRequest r = new ApplyRequest(AT, "xen_hello_world", Action.APPLY, 0, 0, 1, NmiPolicy.SWALLOW);
        return HostRun.Spec.of(CPUS, "xen.rendezvous", "xen_hello_world", r, 200_000).withHostConfig(hostConfig)
                .withPatch(new PatchPolicy(Granularity.PER_BYTE, SPACING));
    }

    /** The instant of the plan's first store, from a run without injections. */
    private static long firstStoreNs() {
        HostRun quiet = HostRun.run(spec(""), 1);
        return quiet.outcomes().getFirst().events().stream().filter(e -> e instanceof RendezvousEvent.Stored)
                .mapToLong(RendezvousEvent::time).min().orElseThrow();
    }

    /** One injection of {@code kind} on every CPU at {@code atNs}. */
    private static String injections(String kind, long atNs) {
        return "quiesce.host.interrupts.injections = [" + IntStream.range(0, CPUS)
                .mapToObj(c -> "{cpu = %d, at = %dns, kind = %s}".formatted(c, atNs, kind))
                .collect(Collectors.joining(", ")) + "]";
    }

    @Test
    void aMachineCheckInTheStoreWindowRunsItsHandlerUnderSwallow_andTearsAFetchOfThePatchedFunction() {
        long at = firstStoreNs() + SPACING / 2;
        HostRun r = HostRun.run(spec(injections("mce", at)), 1);
        assertThat(r.violations()).singleElement().satisfies(v -> {
            assertThat(v.oracle()).isEqualTo("NoTornFetch");
            assertThat(v.message()).contains("xen_extra_version").contains("in its #MC handler");
        });
        assertThat(r.report().cpus()).allSatisfy(c -> assertThat(c.mces()).isEqualTo(1));
    }

    @Test
    void anNmiAtTheSameInstantsIsSwallowed_andTearsNothing() {
        long at = firstStoreNs() + SPACING / 2;
        HostRun r = HostRun.run(spec(injections("nmi", at)), 1);
        assertThat(r.violations()).isEmpty();
        assertThat(r.last().rc()).isZero();
        assertThat(r.report().cpus()).allSatisfy(c -> {
            assertThat(c.nmis()).as("NMIs delivered").isZero();
            assertThat(c.lostInterrupts()).as("NMIs swallowed").isEqualTo(1);
        });
    }

    @Test
    void aMachineCheckOutsideTheWindowTearsNothing_andIsStillHandled() {
        HostRun r = HostRun.run(spec(injections("mce", AT / 2)), 1);
        assertThat(r.violations()).isEmpty();
        assertThat(r.last().rc()).isZero();
        assertThat(r.report().cpus()).allSatisfy(c -> assertThat(c.mces()).isEqualTo(1));
    }

    @Test
    void theViolatingRunReplaysToTheSameViolationAndTraceHashWithOneOrTwoThreads() {
        HostRun.Spec s = spec(injections("mce", firstStoreNs() + SPACING / 2));
        HostRun one = HostRun.run(s, 1, 1);
        HostRun two = HostRun.run(s, 1, 2);
        assertThat(two.violations()).isEqualTo(one.violations()).isNotEmpty();
        assertThat(two.report().traceHash()).isEqualTo(one.report().traceHash());
    }

    @Test
    void policiesThatMaskNoNmisLeaveMachineChecksAsTheyAre() {
        for (NmiPolicy p : List.of(NmiPolicy.DEFER, NmiPolicy.NONE)) {
            ApplyRequest r = new ApplyRequest(AT, "xen_hello_world", Action.APPLY, 0, 0, 1, p);
            HostRun run = HostRun.run(spec(injections("mce", firstStoreNs() + SPACING / 2)).withRequests(List.of(r)), 1);
            assertThat(run.violations()).as("nmi policy %s", p).singleElement()
                    .satisfies(v -> assertThat(v.message()).contains("in its #MC handler"));
        }
    }

    @Test
    void seededMachineChecksAreCountedPerCpu_andTheSameSeedGivesTheSameHashWithOneOrTwoThreads() {
        HostRun.Spec s = spec("quiesce.host.interrupts.mce-rate-per-ms = 50");
        HostRun one = HostRun.run(s, 7, 1);
        HostRun two = HostRun.run(s, 7, 2);
        assertThat(two.report().traceHash()).isEqualTo(one.report().traceHash());
        assertThat(two.report().cpus()).isEqualTo(one.report().cpus());
        assertThat(one.report().cpus().stream().mapToLong(c -> c.mces()).sum()).isPositive();
        assertThat(one.report().cpus().stream().filter(c -> c.mces() > 0).count()).isGreaterThan(1);
        assertThat(HostRun.run(s, 8, 2).report().traceHash()).isNotEqualTo(one.report().traceHash());
    }
}
