package dev.quiesce.coordinator.oracle;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The registry of oracles, by name (docs/architecture.md §2 step 7); a run checks all of them unless told otherwise.
 */
public final class Oracles {

    private static final List<Function<OracleSettings, Oracle>> ALL = List.of(s -> new NoTornFetch(),
            s -> new NoMixedVersions(), s -> new AllOrNothing(), s -> new NoCodeChangeAfterAbort(),
            s -> new RegistryTransitionsLegal(), s -> new GuestAssertions(), s -> new SideStateRestored(),
            s -> new RendezvousLiveness(s.livenessBoundNs()), s -> new NewVersionEverywhere(),
            s -> new ConcurrentModificationAllowed());

    private Oracles() {
    }

    /** Every oracle's name, in registration order. */
    public static List<String> names() {
        return all().stream().map(Oracle::name).toList();
    }

    /** New instances of every oracle, with the default settings. */
    public static List<Oracle> all() {
        return all(OracleSettings.defaults());
    }

    /** New instances of every oracle, with {@code settings}. */
    public static List<Oracle> all(OracleSettings settings) {
        return ALL.stream().map(f -> f.apply(settings)).toList();
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
        return parse(names, OracleSettings.defaults());
    }

    /** As {@link #parse(List)}, with {@code settings}. */
    public static List<Oracle> parse(List<String> names, OracleSettings settings) {
        List<Oracle> out = new ArrayList<>();
        for (String n : names) {
            if (n.equalsIgnoreCase("all")) {
                return all(settings);
            }
            Oracle o = all(settings).stream().filter(x -> x.name().toLowerCase(Locale.ROOT)
                    .equals(n.trim().toLowerCase(Locale.ROOT))).findFirst().orElseThrow(() ->
                    new IllegalArgumentException("no oracle named '%s'; known: %s".formatted(n, names())));
            out.add(o);
        }
        return out;
    }
}
