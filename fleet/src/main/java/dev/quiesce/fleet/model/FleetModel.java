package dev.quiesce.fleet.model;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The contents of one model file: the calibrated {@link CpuModel} of each workload class, in file order, each with
 * the line that calibrated it. Class names are unique.
 *
 * @param classes the workload classes
 */
public record FleetModel(List<Entry> classes) {

    /**
     * One workload class.
     *
     * @param model       what its CPUs do
     * @param calibration how it was calibrated (a command line), or "" if unknown
     */
    public record Entry(CpuModel model, String calibration) {
        public Entry {
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(calibration, "calibration");
        }
    }

    public FleetModel {
        classes = List.copyOf(classes);
        Set<String> seen = new HashSet<>();
        for (Entry e : classes) {
            if (!seen.add(e.model().workloadClass())) {
                throw new IllegalArgumentException("workload class '" + e.model().workloadClass()
                        + "' appears twice; class names must be unique");
            }
        }
    }

    /** A model with no classes yet. */
    public static FleetModel empty() {
        return new FleetModel(List.of());
    }

    /** This model with {@code model} added, or replacing the class of the same name in place. */
    public FleetModel with(CpuModel model, String calibration) {
        List<Entry> out = new ArrayList<>(classes);
        Entry e = new Entry(model, calibration);
        int i = names().indexOf(model.workloadClass());
        if (i >= 0) {
            out.set(i, e);
        } else {
            out.add(e);
        }
        return new FleetModel(out);
    }

    /** The class named {@code name}; an error names the classes there are. */
    public CpuModel model(String name) {
        for (Entry e : classes) {
            if (e.model().workloadClass().equals(name)) {
                return e.model();
            }
        }
        throw new IllegalArgumentException("no workload class '" + name + "' in the model; it has " + names());
    }

    /** The class names, in file order. */
    public List<String> names() {
        return classes.stream().map(e -> e.model().workloadClass()).toList();
    }
}
