package dev.quiesce.fleet.scenario;

import java.util.List;

/**
 * The emulated canaries of a fleet: how many hosts run on emulated CPUs instead of modelled ones (they go first, in
 * the first wave), the host scenario they run (with the fleet's protocol, retry, payloads and the host's CPU count
 * and stragglers set on it), the classes they are drawn from, extra overrides, and when their apply is issued.
 *
 * @param emulated  how many
 * @param scenario  a host scenario name or file
 * @param classes   the classes canaries are drawn from (the first hosts of those classes by id); empty: any
 * @param sets      extra {@code key=value} overrides of the canary scenario
 * @param applyAtNs virtual time of the first apply on an emulated host (it boots first)
 */
public record Canaries(int emulated, String scenario, List<String> classes, List<String> sets, long applyAtNs) {

    public Canaries {
        classes = List.copyOf(classes);
        sets = List.copyOf(sets);
    }
}
