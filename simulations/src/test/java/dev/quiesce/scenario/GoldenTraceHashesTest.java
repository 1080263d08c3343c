package dev.quiesce.scenario;

import dev.quiesce.fleet.scenario.FleetScenarioLoader;
import dev.quiesce.fleetsim.FleetSimulation;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every built-in scenario and fleet scenario, at its default seed, still has its pinned trace hash — run the way
 * {@code quiesce run NAME} and {@code quiesce fleet NAME} run it (the same loaders, {@link ScenarioRunner} and
 * {@link FleetSimulation}), with the {@code --set}s of {@code golden-trace-hashes.properties} for the few pinned at
 * reduced size so the suite stays quick. A hash changes only when behaviour does (or the canonical encoding's version).
 *
 * <p>To change a golden on purpose: run
 * {@code ./mvnw -B -pl simulations -am verify -Dtest=GoldenTraceHashesTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dquiesce.update-goldens=true}; each changed golden is rewritten in
 * {@code simulations/src/test/resources/golden-trace-hashes.properties} and its test still fails once, saying so,
 * so that no run that rewrote a golden passes — review the file's diff, commit it, and rerun without the property.
 */
class GoldenTraceHashesTest {

    private static final GoldenTraceHashes GOLDENS = GoldenTraceHashes.load();

    @Test
    void everyBuiltInScenarioAndFleetScenarioHasAGolden() {
        List<String> all = new ArrayList<>(ScenarioLoader.builtIns());
        all.addAll(FleetScenarioLoader.builtIns());
        assertThat(GOLDENS.scenarios()).containsExactlyInAnyOrderElementsOf(all);
    }

    @TestFactory
    Stream<DynamicTest> eachScenarioStillHasItsGoldenTraceHash() {
        return GOLDENS.scenarios().stream().map(name -> DynamicTest.dynamicTest(title(name), () -> check(name)));
    }

    private static String title(String name) {
        List<String> sets = GOLDENS.sets(name);
        return sets.isEmpty() ? name : name + " (reduced: --set " + String.join(" --set ", sets) + ")";
    }

    private static void check(String name) {
        long t0 = System.nanoTime();
        String actual = run(name, GOLDENS.sets(name));
        System.out.printf("golden %s: %.1f s%n", title(name), (System.nanoTime() - t0) / 1e9);
        String expected = GOLDENS.hash(name);
        if (actual.equals(expected)) {
            return;
        }
        String line = name + " = " + actual;
        if (GoldenTraceHashes.updating()) {
            GoldenTraceHashes.update(name, actual);
            fail("golden trace hash of " + title(name) + " updated in " + GoldenTraceHashes.SOURCE.toAbsolutePath()
                    + ": was " + expected + ", now " + actual + ". Review the diff, commit it and rerun without -D"
                    + GoldenTraceHashes.UPDATE + "=true.");
        }
        fail("trace hash of scenario " + title(name) + " changed: expected " + expected + ", actual " + actual
                + ". If behaviour changed on purpose, replace its line in simulations/src/test/resources/"
                + GoldenTraceHashes.RESOURCE + " with\n  " + line + "\nor rerun this test with -D"
                + GoldenTraceHashes.UPDATE + "=true to rewrite every changed golden (see docs/trace-hash.md).");
    }

    /** The trace hash of built-in {@code name} with {@code sets}, as the command line computes it. */
    private static String run(String name, List<String> sets) {
        if (FleetScenarioLoader.builtIns().contains(name)) {
            return FleetSimulation.run(FleetScenarioLoader.load(name, sets)).result().traceHash();
        }
        return ScenarioRunner.run(ScenarioLoader.load(name, sets), false).report().traceHash();
    }
}
