package dev.quiesce.coordinator.oracle;

import dev.quiesce.isa.A64;
import dev.quiesce.isa.Arch;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.List;

import static dev.quiesce.coordinator.oracle.SyntheticHost.F;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ConcurrentModificationAllowed} fires exactly when a watched word really changes between two instructions
 * not both in the Arm ARM's set (B2.2.5) while some CPU is not parked with its IRQs off.
 */
class ConcurrentModificationAllowedProperties {

    private static final int CPUS = 3;

    @Property(tries = 500, seed = "29")
    void reportsExactlyTheDisallowedChangesUnderARunningCpu(@ForAll("insns") int before, @ForAll("insns") int after,
                                                            @ForAll("held") List<Boolean> held) {
        try (SyntheticHost h = new SyntheticHost(CPUS, Arch.AARCH64)) {
            for (int c = 0; c < CPUS; c++) {
                if (held.get(c)) {
                    h.parkedIrqsOff(c);
                }
            }
            ConcurrentModificationAllowed o = new ConcurrentModificationAllowed();
            h.store(F, before);
            h.watched = List.of(SyntheticHost.SITE);
            o.issued(h.view(10));
            h.store(F, after);
            List<Violation> out = new ArrayList<>();
            o.afterBoundary(h.view(20), out);
            boolean expected = before != after && held.contains(false)
                    && !(A64.kind(before) != A64.Kind.OTHER && A64.kind(after) != A64.Kind.OTHER);
            assertThat(out).hasSize(expected ? 1 : 0);
            if (expected) {
                assertThat(out.getFirst().cpu()).isEqualTo(held.indexOf(false));
            }
        }
    }

    @Provide
    Arbitrary<Integer> insns() {
        return Arbitraries.oneOf(
                Arbitraries.integers().between(-(1 << 25), (1 << 25) - 1).map(w -> A64.b(F, F + 4L * w)),
                Arbitraries.integers().between(-(1 << 25), (1 << 25) - 1).map(w -> A64.bl(F, F + 4L * w)),
                Arbitraries.integers().between(0, 0xffff).map(A64::brk),
                Arbitraries.of(A64.NOP, A64.ISB, 0xd4000001, 0xd4000002, 0xd4000003, 0xd5033b9f, 0xa9bf7bfd),
                Arbitraries.integers());
    }

    @Provide
    Arbitrary<List<Boolean>> held() {
        return Arbitraries.of(true, false).list().ofSize(CPUS);
    }
}
