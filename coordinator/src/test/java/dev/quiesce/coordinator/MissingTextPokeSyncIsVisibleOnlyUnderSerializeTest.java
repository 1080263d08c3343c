package dev.quiesce.coordinator;

import dev.quiesce.coordinator.protocol.Protocols;
import dev.quiesce.coordinator.protocol.TextPokeWithoutSync;
import dev.quiesce.emulator.memory.XmcModel;
import dev.quiesce.splice.registry.Action;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Why {@code text_poke_bp} sends its sync IPIs (docs/cross-modifying-code.md): under {@code serialize},
 * {@code text-poke.int3} never lets a CPU fetch stale code once it reports done, and {@code NewVersionEverywhere}
 * stays quiet; the same stores without the sync rounds leave CPUs fetching the old bytes after done, and the oracle
 * catches one entering a patched function. Under {@code coherent} the two cannot be told apart.
 */
class MissingTextPokeSyncIsVisibleOnlyUnderSerializeTest {

    private static final long AT = 100_000;
    private static final String PAYLOAD = "record_v2";
    private static final long[] SEEDS = {1, 2, 3, 4};

    private static HostRun.Spec spec() {
        return HostRun.Spec.of(8, "text-poke.int3", PAYLOAD, new ApplyRequest(AT, PAYLOAD, Action.APPLY, 0, 0, 1),
                400_000).withOracles(List.of("NoTornFetch", "NewVersionEverywhere"));
    }

    private record Outcome(HostRun run, int staleCpus) {
    }

    private static Outcome run(long seed, XmcModel xmc, boolean sync) {
        StaleCodeAtDone stale = new StaleCodeAtDone();
        HostRun r = HostRun.run(spec(), seed, 2, xmc, sync ? ctx -> Protocols.create("text-poke.int3", ctx)
                : TextPokeWithoutSync::new, List.of(stale));
        return new Outcome(r, stale.staleCpus());
    }

    @Test
    void underSerialize_textPokeInt3_leavesNoCpuFetchingStaleCodeOnceDone_andNewVersionEverywhereStaysQuiet() {
        for (long seed : SEEDS) {
            Outcome o = run(seed, XmcModel.SERIALIZE, true);
            assertThat(o.run().violations()).as("seed %d", seed).isEmpty();
            assertThat(o.run().last().result()).isEqualTo(ApplyResult.DONE);
            assertThat(o.run().last().syncRoundsNs()).hasSize(3);
            assertThat(o.staleCpus()).as("seed %d: CPUs fetching stale code at done", seed).isZero();
        }
    }

    @Test
    void underSerialize_withoutItsSyncRounds_cpusFetchStaleCodeAfterDone_andNewVersionEverywhereCatchesOne() {
        List<Long> caught = new ArrayList<>();
        for (long seed : SEEDS) {
            Outcome o = run(seed, XmcModel.SERIALIZE, false);
            assertThat(o.staleCpus()).as("seed %d: CPUs fetching stale code at done", seed).isPositive();
            if (!o.run().violations().isEmpty()) {
                assertThat(o.run().violations().getFirst().oracle()).isEqualTo("NewVersionEverywhere");
                assertThat(o.run().violations().getFirst().message()).contains("had not serialised");
                caught.add(seed);
            }
        }
        assertThat(caught).as("seeds where a CPU entered a patched function with stale bytes").isNotEmpty();
    }

    @Test
    void underCoherent_textPokeWithAndWithoutSyncRoundsCannotBeToldApart() {
        for (long seed : SEEDS) {
            Outcome with = run(seed, XmcModel.COHERENT, true);
            Outcome without = run(seed, XmcModel.COHERENT, false);
            for (Outcome o : List.of(with, without)) {
                assertThat(o.run().violations()).as("seed %d", seed).isEmpty();
                assertThat(o.run().last().result()).isEqualTo(ApplyResult.DONE);
                assertThat(o.staleCpus()).isZero();
            }
            assertThat(without.run().textAfter()).isEqualTo(with.run().textAfter());
            assertThat(without.run().finalState()).isEqualTo(with.run().finalState());
        }
    }
}
