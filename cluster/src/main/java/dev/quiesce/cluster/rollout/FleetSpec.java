package dev.quiesce.cluster.rollout;

import dev.quiesce.fleet.rollout.Rollout;
import dev.quiesce.fleet.scenario.FleetLayout;
import dev.quiesce.fleet.scenario.FleetScenario;
import dev.quiesce.fleet.scenario.FleetScenarioLoader;
import dev.quiesce.seed.Seed;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Which fleet a host command belongs to: the fleet scenario's file or name, its overrides and its seed — enough for
 * any node to rebuild the same modelled hosts.
 *
 * @param scenario the fleet scenario's file or built-in name
 * @param sets     its {@code --set key=value} overrides, in order
 * @param seed     the fleet seed
 */
public record FleetSpec(String scenario, List<String> sets, long seed) {

    public FleetSpec {
        Objects.requireNonNull(scenario, "scenario");
        sets = List.copyOf(sets);
    }

    /** The overrides that load this fleet on any node: {@link #sets()} with the seed pinned last. */
    public List<String> loadSets() {
        List<String> all = new ArrayList<>(sets);
        all.add("seed=\"" + Seed.format(seed) + "\"");
        return all;
    }

    /** Loads the fleet scenario (any node can: built-in names, or files at the same path on every machine). */
    public FleetScenario load() {
        return FleetScenarioLoader.load(scenario, loadSets());
    }

    /** Makes this fleet's rollout, not started yet, the same every time (loads the scenario once). */
    public Supplier<Rollout> rollouts() {
        FleetScenario s = load();
        FleetLayout layout = new FleetLayout(s);
        return () -> new Rollout(layout.order(), s.policy(), s.payloads(), layout::group);
    }
}
