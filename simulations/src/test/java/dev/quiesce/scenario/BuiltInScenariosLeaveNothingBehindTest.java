package dev.quiesce.scenario;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every built-in scenario, run as {@code quiesce run NAME --set 'oracles=[SideStateRestored, RendezvousLiveness]'}
 * (with the reduced sizes the goldens use), leaves nothing behind and lets every CPU go: whatever the scenario's
 * own race, its protocol's endings are clean (docs/oracles.md); with {@code oracles=[all]} neither of the two is the
 * one that ends the run.
 */
class BuiltInScenariosLeaveNothingBehindTest {

    private static final GoldenTraceHashes GOLDENS = GoldenTraceHashes.load();
    private static final List<String> NEW = List.of("SideStateRestored", "RendezvousLiveness");

    @TestFactory
    Stream<DynamicTest> noBuiltInScenarioViolatesSideStateRestoredOrRendezvousLiveness() {
        return ScenarioLoader.builtIns().stream().map(name -> DynamicTest.dynamicTest(name, () -> {
            List<String> sets = new java.util.ArrayList<>(GOLDENS.sets(name));
            sets.add("oracles=[SideStateRestored, RendezvousLiveness]");
            ScenarioResult r = ScenarioRunner.run(ScenarioLoader.load(name, sets), false);
            System.out.printf("%s: %d action(s) %s, violations %s%n", name, r.outcomes().size(),
                    r.outcomes().stream().map(o -> o.result().label()).toList(), r.violations());
            assertThat(r.outcomes()).isNotEmpty();
            assertThat(r.violations()).isEmpty();
            sets.set(sets.size() - 1, "oracles=[all]");
            ScenarioResult all = ScenarioRunner.run(ScenarioLoader.load(name, sets), false);
            System.out.printf("%s with oracles=[all]: violations %s%n", name, all.violations());
            assertThat(all.violations()).noneMatch(v -> NEW.contains(v.oracle()));
        }));
    }
}
