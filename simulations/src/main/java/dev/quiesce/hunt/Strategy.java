package dev.quiesce.hunt;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A hunt's search strategy: how candidate {@code i} differs from the scenario.
 */
public enum Strategy {
    /** Only the seed varies (a seed derived from the hunt seed and the index). */
    RANDOM,
    /** Probabilistic concurrency testing, after Coyote's {@code prioritization}: a new seed plus a few interrupts at
     *  random instants of the action window the probe measured, on random CPUs. */
    PCT,
    /** The probe's protocol events (the plan's stores, deadline, IRQs-off, action) with NMIs and IRQs placed just
     *  before them on chosen CPUs; the seed stays. */
    TARGETED;

    /** The command-line name ({@code random}, {@code pct}, {@code targeted}). */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The strategy called {@code name}; an {@link IllegalArgumentException} lists the legal names otherwise. */
    public static Strategy parse(String name) {
        for (Strategy s : values()) {
            if (s.cliName().equals(name.strip().toLowerCase(Locale.ROOT))) {
                return s;
            }
        }
        throw new IllegalArgumentException("--strategy '%s' is not a strategy; legal: %s".formatted(name, names()));
    }

    /** Every command-line name, in order. */
    public static List<String> names() {
        return Arrays.stream(values()).map(Strategy::cliName).toList();
    }
}
