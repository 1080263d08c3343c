package dev.quiesce.report;

import dev.quiesce.scenario.ScenarioLoader;
import dev.quiesce.scenario.ScenarioResult;
import dev.quiesce.scenario.ScenarioRunner;

import java.util.List;

/**
 * Recorded runs the report tests share (each is deterministic, so one run serves every test of the JVM).
 */
final class Runs {

    private static ScenarioResult xenDefault;

    private Runs() {
    }

    /** {@code quiesce run xen-default --set host.cpus=4}, recorded: one attempt, done, a store. */
    static synchronized ScenarioResult xenDefault4() {
        if (xenDefault == null) {
            xenDefault = run("xen-default", "host.cpus=4");
        }
        return xenDefault;
    }

    static ScenarioResult run(String scenario, String... sets) {
        return ScenarioRunner.run(ScenarioLoader.load(scenario, List.of(sets)), true);
    }
}
