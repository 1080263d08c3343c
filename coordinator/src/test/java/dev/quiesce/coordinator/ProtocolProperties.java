package dev.quiesce.coordinator;

import dev.quiesce.splice.registry.Action;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seeded properties of the protocols over CPU counts (1–64) and interference levels, with the 3-function payload
 * {@code triple}; every oracle runs inside each run (AllOrNothing, NoCodeChangeAfterAbort, RegistryTransitionsLegal,
 * NoTornFetch, NoMixedVersions, GuestAssertions), so "no violation" is the claim checked after every event.
 */
class ProtocolProperties {

    private static final long AT = 60_000;

    private static String interference(int level) {
        return switch (level) {
            case 0 -> "quiesce.host.interrupts { device-rate-per-ms = 0, nmi-rate-per-ms = 0 }";
            case 1 -> "";
            case 2 -> "quiesce.host.interrupts { device-rate-per-ms = 50, nmi-rate-per-ms = 20 }";
            default -> "quiesce.host.interrupts { storm-rate-per-ms = 5, nmi-rate-per-ms = 100 }";
        };
    }

    @Property(tries = 10, seed = "5")
    void xenRendezvous_neverChangesCodeAfterAnAbort_isAllOrNothing_andTakesAtLeastTheSlowestCpu(
            @ForAll @LongRange(min = 1, max = 1_000_000) long seed, @ForAll @IntRange(min = 1, max = 64) int cpus,
            @ForAll @IntRange(min = 0, max = 3) int level, @ForAll boolean shortTimeout) {
        ApplyRequest r = new ApplyRequest(AT, "triple", Action.APPLY, shortTimeout ? 3_000 : 0, 0, 1);
        HostRun.Spec s = HostRun.Spec.of(cpus, "xen.rendezvous", "triple", r, 120_000).withHostConfig(interference(level));
        HostRun run = HostRun.run(s, seed);
        assertThat(run.violations()).isEmpty();
        if (run.outcomes().isEmpty()) {
            assertThat(run.textAfter()).isEqualTo(run.textBefore());
            return;
        }
        ApplyOutcome o = run.last();
        if (o.ran()) {
            assertThat(o.rc()).isZero();
            assertThat(run.finalState()).isEqualTo("APPLIED");
            long slowest = java.util.Arrays.stream(o.arrivalNs()).max().orElseThrow();
            assertThat(o.timeToApplyNs()).isGreaterThanOrEqualTo(slowest - o.issuedNs());
        } else {
            assertThat(o.rc()).isEqualTo(-16);
            assertThat(run.finalState()).isEqualTo("CHECKED");
            assertThat(run.textAfter()).isEqualTo(run.textBefore());
        }
    }

    @Property(tries = 8, seed = "9")
    void textPokeInt3_neverTearsAFetch(@ForAll @LongRange(min = 1, max = 1_000_000) long seed,
                                       @ForAll @IntRange(min = 1, max = 16) int cpus,
                                       @ForAll @IntRange(min = 0, max = 3) int level) {
        ApplyRequest r = new ApplyRequest(AT, "record_v2", Action.APPLY, 0, 0, 1);
        HostRun run = HostRun.run(HostRun.Spec.of(cpus, "text-poke.int3", "record_v2", r, 100_000)
                .withHostConfig(interference(level)).withOracles(List.of("NoTornFetch", "AllOrNothing")), seed);
        assertThat(run.violations()).isEmpty();
        assertThat(run.last().syncRoundsNs()).hasSize(3);
    }
}
