package dev.quiesce.coordinator;

import dev.quiesce.coordinator.oracle.Oracle;
import dev.quiesce.coordinator.oracle.OracleSettings;
import dev.quiesce.coordinator.oracle.OracleView;
import dev.quiesce.coordinator.oracle.Violation;
import dev.quiesce.coordinator.plan.PokeDescriptor;
import dev.quiesce.coordinator.protocol.Protocols;
import dev.quiesce.coordinator.protocol.TextPokeDescriptorMisordered;
import dev.quiesce.cpu.CpuEvent;
import dev.quiesce.emulator.memory.XmcModel;
import dev.quiesce.host.Int3Handler;
import dev.quiesce.interrupt.InterruptKind;
import dev.quiesce.splice.registry.Action;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The guest's text_poke breakpoint handler ({@code text-poke.int3-handler = guest}, docs/guest-handlers.md): with
 * Linux's order (descriptor published before the int3s, torn down after the last sync) every int3 a CPU meets —
 * from its workload, or from an NMI handler that calls the function being patched — is claimed and the apply ends
 * as under the Java emulation; a patcher that publishes after the int3s, or tears down before the last sync, lets a
 * CPU meet an int3 nobody claims, and the CPU faults (caught by {@code GuestAssertions}).
 */
class GuestInt3HandlerTest {

    private static final String PAYLOAD = "xen_hello_world";
    private static final long[] SEEDS = {1, 2, 3, 4, 5, 6};

    private static HostRun.Spec spec() {
        return HostRun.Spec.of(8, "text-poke.int3", PAYLOAD, new ApplyRequest(50_000, PAYLOAD, Action.APPLY, 0, 0, 1),
                300_000).withHostConfig("quiesce.host.interrupts.nmi-rate-per-ms = 2000\n"
                        + "quiesce.host.interrupts.device-rate-per-ms = 200")
                .withOracles(List.of("NoTornFetch", "AllOrNothing", "GuestAssertions"));
    }

    /** A test probe, not a claim: counts the int3s CPUs got past (in Java or in the guest), and those inside an NMI. */
    static final class Int3Count implements Oracle {
        int emulated;
        int inNmi;
        private final int[] nmiDepth = new int[dev.quiesce.host.HostSettings.MAX_CPUS];

        @Override
        public String name() {
            return "Int3Count";
        }

        @Override
        public void check(OracleView view, List<Violation> out) {
            for (CpuEvent e : view.events()) {
                if (e instanceof CpuEvent.InterruptEntry i && i.kind() == InterruptKind.NMI) {
                    nmiDepth[i.cpu()]++;
                } else if (e instanceof CpuEvent.InterruptExit x && x.kind() == InterruptKind.NMI) {
                    nmiDepth[x.cpu()]--;
                } else if (e instanceof CpuEvent.Int3Emulated t) {
                    emulated++;
                    inNmi += nmiDepth[t.cpu()] > 0 ? 1 : 0;
                }
            }
        }
    }

    private record Outcome(HostRun run, int int3s, int int3sInNmi) {
    }

    private static Outcome run(long seed, int threads, Int3Handler handler, PokeDescriptor.Order order) {
        Int3Count count = new Int3Count();
        HostRun r = HostRun.run(spec(), seed, threads, XmcModel.COHERENT, handler,
                order == PokeDescriptor.Order.CORRECT ? ctx -> Protocols.create("text-poke.int3", ctx)
                        : ctx -> new TextPokeDescriptorMisordered(ctx, order),
                List.of(count), OracleSettings.defaults());
        return new Outcome(r, count.emulated, count.inNmi);
    }

    @Test
    void guestHandlerClaimsEveryInt3_andTheApplyEndsAsUnderJavaEmulation() {
        int int3s = 0;
        int inNmi = 0;
        for (long seed : SEEDS) {
            Outcome guest = run(seed, 2, Int3Handler.GUEST, PokeDescriptor.Order.CORRECT);
            Outcome java = run(seed, 2, Int3Handler.JAVA, PokeDescriptor.Order.CORRECT);
            assertThat(guest.run().violations()).as("seed %d", seed).isEmpty();
            assertThat(guest.run().last().result()).isEqualTo(ApplyResult.DONE);
            assertThat(guest.run().textAfter()).isEqualTo(java.run().textAfter());
            assertThat(guest.run().finalState()).isEqualTo(java.run().finalState());
            int3s += guest.int3s();
            inNmi += guest.int3sInNmi();
        }
        assertThat(int3s).as("int3s the guest handler claimed over all seeds").isPositive();
        assertThat(inNmi).as("of them, int3s met by an NMI handler calling the patched function").isPositive();
    }

    @Test
    void publishingTheDescriptorAfterTheInt3s_letsACpuMeetAnInt3NobodyClaims_andItFaults() {
        assertSomeSeedFaultsOnAnUnclaimedInt3(PokeDescriptor.Order.PUBLISH_AFTER_INT3);
    }

    @Test
    void tearingTheDescriptorDownBeforeTheLastSync_letsACpuMeetAnInt3NobodyClaims_andItFaults() {
        assertSomeSeedFaultsOnAnUnclaimedInt3(PokeDescriptor.Order.TEARDOWN_BEFORE_LAST_SYNC);
    }

    private static void assertSomeSeedFaultsOnAnUnclaimedInt3(PokeDescriptor.Order order) {
        int caught = 0;
        for (long seed : SEEDS) {
            for (Violation v : run(seed, 2, Int3Handler.GUEST, order).run().violations()) {
                if (v.oracle().equals("GuestAssertions") && v.message().contains("not claimed by poke_int3_handler")) {
                    caught++;
                }
            }
        }
        assertThat(caught).as("CPUs faulting on an unclaimed int3 under %s", order).isPositive();
    }

    @Test
    void underJavaEmulation_theDescriptorOrderChangesNothing() {
        for (long seed : new long[] {1, 2}) {
            HostRun correct = run(seed, 2, Int3Handler.JAVA, PokeDescriptor.Order.CORRECT).run();
            for (PokeDescriptor.Order o : List.of(PokeDescriptor.Order.PUBLISH_AFTER_INT3,
                    PokeDescriptor.Order.TEARDOWN_BEFORE_LAST_SYNC)) {
                HostRun wrong = run(seed, 2, Int3Handler.JAVA, o).run();
                assertThat(wrong.violations()).isEmpty();
                assertThat(wrong.report().traceHash()).isEqualTo(correct.report().traceHash());
            }
        }
    }

    @Test
    void sameSeedGivesTheSameTraceHashWithOneAndTwoThreads_underTheGuestHandler() {
        String one = run(3, 1, Int3Handler.GUEST, PokeDescriptor.Order.CORRECT).run().report().traceHash();
        String two = run(3, 2, Int3Handler.GUEST, PokeDescriptor.Order.CORRECT).run().report().traceHash();
        assertThat(two).isEqualTo(one);
    }

    @Property(tries = 6)
    void withLinuxsOrder_noCpuEverMeetsAnInt3NobodyClaims(@ForAll @LongRange(min = 1, max = 1_000_000) long seed) {
        Outcome o = run(seed, 2, Int3Handler.GUEST, PokeDescriptor.Order.CORRECT);
        assertThat(o.run().violations()).as("seed %d", seed).isEmpty();
        assertThat(o.run().last().result()).isEqualTo(ApplyResult.DONE);
    }
}
