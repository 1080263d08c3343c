package dev.quiesce.coordinator;

import dev.quiesce.coordinator.oracle.Oracle;
import dev.quiesce.coordinator.oracle.OracleView;
import dev.quiesce.coordinator.oracle.Violation;
import dev.quiesce.coordinator.protocol.ProtocolContext;
import dev.quiesce.coordinator.protocol.Protocols;
import dev.quiesce.emulator.memory.XmcModel;
import dev.quiesce.splice.registry.Action;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Why a patcher on Arm cleans and invalidates the caches after its stores (docs/cross-modifying-code.md, "arm"; Arm
 * ARM DDI 0487 B2.4, Linux's {@code caches_clean_inval_pou()} in arch/arm64/kernel/patching.c): under
 * {@code xmc = arm}, Xen's rendezvous with its maintenance leaves no CPU fetching stale code after its release (Xen's
 * {@code isb()} in {@code arch_livepatch_post_action()}); the same stores without maintenance are never fetched,
 * and {@code NewVersionEverywhere} catches a CPU entering the patched function with the old bytes. Under
 * {@code serialize} the two cannot be told apart.
 */
class MissingCacheMaintenanceIsVisibleOnlyUnderArmTest {

    private static final long AT = 100_000;
    private static final String PAYLOAD = "record_v2";
    private static final long SEED = 1;

    private record Outcome(HostRun run, int staleCpus) {
    }

    private static Outcome run(XmcModel xmc, boolean maintain) {
        HostRun.Spec spec = HostRun.Spec.of(4, "xen.rendezvous", PAYLOAD,
                new ApplyRequest(AT, PAYLOAD, Action.APPLY, 0, 0, 1), 400_000)
                .withOracles(List.of("NoTornFetch", "NewVersionEverywhere"));
        StaleAtLastBoundary stale = new StaleAtLastBoundary();
        HostRun r = HostRun.run(spec, SEED, 2, xmc, ctx -> Protocols.create("xen.rendezvous",
                maintain ? ctx : forgetful(ctx)), List.of(stale));
        return new Outcome(r, stale.cpus);
    }

    /** A test probe, not a claim: how many CPUs have code they have not observed, at the run's last boundary. */
    private static final class StaleAtLastBoundary implements Oracle {
        int cpus = -1;

        @Override
        public String name() {
            return "test.stale-at-last-boundary";
        }

        @Override
        public void check(OracleView view, List<Violation> out) {
        }

        @Override
        public void afterBoundary(OracleView view, List<Violation> out) {
            cpus = 0;
            for (int c = 0; c < view.cpus(); c++) {
                cpus += view.memory().codeViews().view(c).pendingPages() > 0 ? 1 : 0;
            }
        }
    }

    /** The host's context, but every plan it stages stores without cache maintenance. */
    private static ProtocolContext forgetful(ProtocolContext ctx) {
        return new ProtocolContext(ctx.cpus(), ctx.memory(), ctx.probes(),
                (action, g) -> ctx.stager().capture(action, g).withoutMaintenance(), ctx.policy(), ctx.layout(),
                ctx.words());
    }

    @Test
    void underArm_xenWithItsMaintenance_leavesNoCpuStaleAfterItsRelease() {
        Outcome o = run(XmcModel.ARM, true);
        assertThat(o.run().violations()).isEmpty();
        assertThat(o.run().last().result()).isEqualTo(ApplyResult.DONE);
        assertThat(o.staleCpus()).isZero();
    }

    @Test
    void underArm_storesWithoutMaintenanceAreNeverFetched_evenAfterTheRelease() {
        Outcome o = run(XmcModel.ARM, false);
        assertThat(o.run().last().result()).isEqualTo(ApplyResult.DONE);
        assertThat(o.staleCpus()).as("CPUs still fetching stale code at the end").isEqualTo(4);
        assertThat(o.run().violations()).singleElement().satisfies(v -> {
            assertThat(v.oracle()).isEqualTo("NewVersionEverywhere");
            assertThat(v.message()).contains("record");
        });
    }

    @Test
    void underSerialize_theMissingMaintenanceChangesNothing() {
        Outcome with = run(XmcModel.SERIALIZE, true);
        Outcome without = run(XmcModel.SERIALIZE, false);
        assertThat(without.run().violations()).isEmpty();
        assertThat(without.staleCpus()).isZero();
        assertThat(without.run().report().traceHash()).isEqualTo(with.run().report().traceHash());
    }
}
