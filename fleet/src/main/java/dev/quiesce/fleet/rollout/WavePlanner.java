package dev.quiesce.fleet.rollout;

import java.util.ArrayList;
import java.util.List;

/**
 * Plans a rollout's waves: the first wave is the canary size, each further one the previous times the growth factor
 * (rounded up), none larger than the hosts patched at once, until every host is in a wave.
 */
public final class WavePlanner {

    private WavePlanner() {
    }

    /** The wave sizes for {@code hosts} hosts (they sum to {@code hosts}; empty for none). */
    public static List<Integer> sizes(int hosts, RolloutPolicy policy) {
        if (hosts < 0) {
            throw new IllegalArgumentException("hosts must not be negative: " + hosts);
        }
        List<Integer> sizes = new ArrayList<>();
        int left = hosts;
        double want = policy.canarySize();
        while (left > 0) {
            int size = (int) Math.min(left, Math.min(policy.maxConcurrent(), Math.ceil(want - 1e-9)));
            sizes.add(size);
            left -= size;
            want = size * policy.growthFactor();
        }
        return sizes;
    }

    /** The waves over {@code order} (host ids in rollout order): consecutive runs of the planned sizes. */
    public static List<List<Integer>> waves(List<Integer> order, RolloutPolicy policy) {
        List<List<Integer>> waves = new ArrayList<>();
        int from = 0;
        for (int size : sizes(order.size(), policy)) {
            waves.add(List.copyOf(order.subList(from, from + size)));
            from += size;
        }
        return waves;
    }
}
