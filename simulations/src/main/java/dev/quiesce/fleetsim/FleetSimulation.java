package dev.quiesce.fleetsim;

import dev.quiesce.fleet.rollout.HostDriver;
import dev.quiesce.fleet.rollout.Rollout;
import dev.quiesce.fleet.rollout.RolloutResult;
import dev.quiesce.fleet.rollout.RolloutRunner;
import dev.quiesce.fleet.scenario.FleetLayout;
import dev.quiesce.fleet.scenario.FleetScenario;
import dev.quiesce.fleet.scenario.ModelledDriver;

/**
 * Runs a fleet scenario: lays the hosts out, drives the emulated canaries through {@link EmulatedCanaryDriver} and
 * the rest through the modelled hosts, and rolls the payload stack out with the
 * {@link dev.quiesce.fleet.rollout.RolloutCoordinator} on the scenario's worker threads.
 *
 * @param scenario the fleet scenario
 * @param layout   which host is what
 * @param result   what the rollout came to
 */
public record FleetSimulation(FleetScenario scenario, FleetLayout layout, RolloutResult result) {

    /** Runs {@code scenario} (blocking). */
    public static FleetSimulation run(FleetScenario scenario) {
        FleetLayout layout = new FleetLayout(scenario);
        HostDriver driver = drivers(scenario, layout);
        Rollout rollout = new Rollout(layout.order(), scenario.policy(), scenario.payloads(), layout::group);
        return new FleetSimulation(scenario, layout, RolloutRunner.run(rollout, driver, scenario.threads()));
    }

    /** The hosts of {@code scenario}: emulated canaries, the rest modelled. */
    public static HostDriver drivers(FleetScenario scenario, FleetLayout layout) {
        HostDriver modelled = new ModelledDriver(scenario, layout);
        return layout.canaries().isEmpty() ? modelled
                : HostDriver.routing(layout::emulated, new EmulatedCanaryDriver(scenario, layout), modelled);
    }
}
