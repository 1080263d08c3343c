package dev.quiesce.scenario;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A scenario run is the same whether its host has a barrier after every quantum or batches the quanta before the
 * coordinator's first action (docs/architecture.md §3 rule 8): the trace hash, the outcomes, the violations and the
 * instant the run ended, over random seeds, batch sizes and thread counts.
 */
class BarrierBatchesLeaveScenarioRunsAsTheyAreTest {

    @Property(tries = 16)
    void aScenarioRunIsTheSameWithAndWithoutBatches(@ForAll @LongRange(min = 1, max = 0xffff_ffffL) long seed,
                                                    @ForAll("scenarios") String scenario,
                                                    @ForAll @IntRange(min = 2, max = 256) int batch,
                                                    @ForAll @IntRange(min = 1, max = 2) int threads) {
        String s = "seed=\"0x" + Long.toHexString(seed) + "\"";
        ScenarioResult every = ScenarioRunner.run(ScenarioLoader.load(scenario, List.of(s, "host.barrier-batch=1")),
                false);
        ScenarioResult batched = ScenarioRunner.run(ScenarioLoader.load(scenario, List.of(s,
                "host.barrier-batch=" + batch, "threads=" + threads)), false);
        assertThat(batched.report().traceHash()).as(scenario + " " + s).isEqualTo(every.report().traceHash());
        assertThat(batched.report().cpus()).isEqualTo(every.report().cpus());
        assertThat(batched.outcomes()).usingRecursiveComparison().isEqualTo(every.outcomes());
        assertThat(batched.violations()).isEqualTo(every.violations());
        assertThat(batched.endNs()).isEqualTo(every.endNs());
    }

    @Provide
    Arbitrary<String> scenarios() {
        return Arbitraries.of("xen-default", "straggler", "irq-storm", "nmi-in-patched-function",
                "mixed-versions-unsafe", "xen-default-arm64");
    }
}
