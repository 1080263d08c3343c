package dev.quiesce.coordinator.oracle;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The registry of oracles, by name (docs/architecture.md §2 step 7); a run checks all of them unless told otherwise.
 */
public final class Oracles {

    private static final List<Supplier<Oracle>> ALL = List.of(NoTornFetch::new, NoMixedVersions::new,
            AllOrNothing::new, NoCodeChangeAfterAbort::new, RegistryTransitionsLegal::new, GuestAssertions::new,
            NewVersionEverywhere::new);

    private Oracles() {
    }

    /** Every oracle's name, in registration order. */
    public static List<String> names() {
        return ALL.stream().map(s -> s.get().name()).toList();
    }

    /** New instances of every oracle. */
    public static List<Oracle> all() {
        return ALL.stream().map(Supplier::get).toList();
    }

    /** No oracle at all (to measure their cost). */
    public static List<Oracle> none() {
        return List.of();
    }

    /**
     * New instances of the oracles named in {@code names} (case-insensitive; "all" for every one).
     *
     * @throws IllegalArgumentException naming the known oracles for an unknown name
     */
    public static List<Oracle> parse(List<String> names) {
        List<Oracle> out = new ArrayList<>();
        for (String n : names) {
            if (n.equalsIgnoreCase("all")) {
                return all();
            }
            Oracle o = ALL.stream().map(Supplier::get).filter(x -> x.name().toLowerCase(Locale.ROOT)
                    .equals(n.trim().toLowerCase(Locale.ROOT))).findFirst().orElseThrow(() ->
                    new IllegalArgumentException("no oracle named '%s'; known: %s".formatted(n, names())));
            out.add(o);
        }
        return out;
    }
}
