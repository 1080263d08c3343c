package dev.quiesce.hunt;

import dev.quiesce.host.InterruptSettings.Injection;
import dev.quiesce.scenario.Scenario;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A candidate made of extra interrupt injections on top of the scenario's own (which stay).
 */
final class Placement {

    private Placement() {
    }

    /** Candidate {@code index}: {@code sets}, then every injection of {@code base} plus {@code added} in time order. */
    static Candidate candidate(Scenario base, int index, List<String> sets, List<Injection> added, String note) {
        List<Injection> all = new ArrayList<>(base.host().interrupts().injections());
        List<Injection> sorted = added.stream().sorted(Comparator.comparingLong(Injection::atNs)
                .thenComparingInt(Injection::cpu)).toList();
        all.addAll(sorted);
        List<String> out = new ArrayList<>(sets);
        out.add(Overrides.INJECTIONS + "=" + Overrides.injectionsValue(all));
        String what = sorted.stream().map(Overrides::describe).collect(Collectors.joining(", "));
        return new Candidate(index, out, note.isEmpty() ? what : note + "; " + what,
                sets.isEmpty() ? java.util.Optional.of(all) : java.util.Optional.empty());
    }
}
