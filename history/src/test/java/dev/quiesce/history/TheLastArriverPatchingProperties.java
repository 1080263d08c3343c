package dev.quiesce.history;

import dev.quiesce.scenario.ScenarioLoader;
import dev.quiesce.scenario.ScenarioResult;
import dev.quiesce.scenario.ScenarioRunner;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Case {@code patch-text-first-cpu-patches}, over seeds and CPU counts: when the last CPU to arrive patches (the fix
 * of Linux commit 31a099dbd91e), no CPU ever runs an old and a new function between two quiescence points, every
 * oracle of the case holds and the apply is done — whatever the workload's CPUs were doing on their way in.
 */
class TheLastArriverPatchingProperties {

    private static final HistoryCase CASE = Corpus.load().select(List.of("patch-text-first-cpu-patches")).getFirst();

    @Property(tries = 8, seed = "31")
    void theLastArriverPatchingNeverLetsACpuRunBothVersions(@ForAll @LongRange(min = 1, max = 1_000_000) long seed,
                                                           @ForAll @IntRange(min = 2, max = 8) int cpus) {
        List<String> sets = new ArrayList<>(CASE.fixedSets(seed));
        sets.add("host.cpus=" + cpus);
        ScenarioResult r = ScenarioRunner.run(ScenarioLoader.load(CASE.source(), sets), false);
        assertThat(r.violations()).isEmpty();
        assertThat(r.outcomes()).hasSize(1);
        assertThat(r.outcomes().getFirst().result().label()).isEqualTo("done");
    }
}
