package dev.quiesce.cluster.host;

import dev.quiesce.cluster.rollout.FleetSpec;
import dev.quiesce.fleet.rollout.HostDriver;
import dev.quiesce.fleet.scenario.FleetLayout;
import dev.quiesce.fleet.scenario.FleetScenario;
import dev.quiesce.fleet.scenario.FleetScenarioLoader;
import dev.quiesce.fleet.scenario.ModelledDriver;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * What a node's host entities run, without actors: a host command on the fleet's modelled hosts ({@link
 * ModelledDriver}), the fleet rebuilt once per {@link FleetSpec} and kept. A failure to run becomes an error reply.
 */
public final class HostRunner {

    private final Map<FleetSpec, HostDriver> drivers = new ConcurrentHashMap<>();
    private final Function<FleetSpec, HostDriver> driverOf;

    /** A runner of the fleets' modelled hosts. */
    public HostRunner() {
        this(HostRunner::driver);
    }

    /** A runner of the hosts {@code driverOf} makes for a fleet (called once per fleet). */
    public HostRunner(Function<FleetSpec, HostDriver> driverOf) {
        this.driverOf = driverOf;
    }

    /** The reply to {@code run}. */
    public HostReply reply(HostEntity.Run run) {
        try {
            HostDriver driver = drivers.computeIfAbsent(run.fleet(), driverOf);
            return new HostReply(driver.run(run.command()), run.actionId(), run.attempt(), "");
        } catch (RuntimeException e) {
            return new HostReply(null, run.actionId(), run.attempt(), "host " + run.command().host() + ": " + e);
        }
    }

    /** The modelled hosts of {@code spec}'s fleet. */
    public static HostDriver driver(FleetSpec spec) {
        FleetScenario s = FleetScenarioLoader.load(spec.scenario(), spec.loadSets());
        return new ModelledDriver(s, new FleetLayout(s));
    }
}
