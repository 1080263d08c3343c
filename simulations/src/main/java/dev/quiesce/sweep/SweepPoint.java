package dev.quiesce.sweep;

import java.util.List;

/**
 * One point of a sweep: one value of every {@code --vary} key.
 *
 * @param index  the point's place in the cross product (the first {@code --vary} changes slowest)
 * @param labels {@code key=value} per varied key, as written, for tables
 * @param sets   the overrides for {@code ScenarioLoader.load}: the common {@code --set}s, then this point's values
 */
public record SweepPoint(int index, List<String> labels, List<String> sets) {

    public SweepPoint {
        labels = List.copyOf(labels);
        sets = List.copyOf(sets);
    }

    /** The labels joined by spaces ({@code barrier.timeout=1ms retry=none}), or {@code base} with nothing varied. */
    public String label() {
        return labels.isEmpty() ? "base" : String.join(" ", labels);
    }
}
