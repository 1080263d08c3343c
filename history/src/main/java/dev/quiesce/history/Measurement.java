package dev.quiesce.history;

import dev.quiesce.hunt.HuntResult;
import dev.quiesce.hunt.ShrinkResult;
import dev.quiesce.scenario.Scenario;

import java.util.List;

/**
 * What {@code quiesce history run} measured of one case: the documented seed, the hunts of the buggy variant (one
 * per hunt seed), the shrink of the first one's counterexample, and the fixed variant over many seeds and one hunt.
 *
 * @param c            the case
 * @param atSeed       the documented seed, buggy and fixed
 * @param hunts        executions to find per hunt seed 1..n, in order; {@link #NOT_FOUND} when a hunt found nothing
 * @param first        the first hunt that found it (lowest hunt seed), or null
 * @param shrunk       the shrink of {@code first}'s counterexample, or null
 * @param fixedSeeds   seeds the fixed variant ran
 * @param fixedClean   of those, seeds without any violation or fault
 * @param fixedDirty   the first seed where the fixed variant was not clean, or null
 * @param fixedHunt    the fixed variant hunted for the case's oracle with the same strategy and budget
 */
public record Measurement(HistoryCase c, SeedCheck atSeed, List<Integer> hunts, HuntResult first, ShrinkResult shrunk,
                          int fixedSeeds, int fixedClean, Long fixedDirty, HuntResult fixedHunt) {

    /** A hunt that found nothing within its budget. */
    public static final int NOT_FOUND = -1;

    public Measurement {
        hunts = List.copyOf(hunts);
    }

    /** How many hunts found it. */
    public int found() {
        return (int) hunts.stream().filter(h -> h != NOT_FOUND).count();
    }

    /** Executions to find over the hunts, a hunt that found nothing counting as more than the budget: the median. */
    public String median() {
        int[] v = hunts.stream().mapToInt(h -> h == NOT_FOUND ? Integer.MAX_VALUE : h).sorted().toArray();
        if (v.length == 0) {
            return "-";
        }
        long m2 = v.length % 2 == 1 ? 2L * v[v.length / 2] : (long) v[v.length / 2 - 1] + v[v.length / 2];
        if (m2 >= Integer.MAX_VALUE) {
            return ">" + c.hunt().budget();
        }
        return m2 % 2 == 0 ? Long.toString(m2 / 2) : (m2 / 2) + ".5";
    }

    /** The most executions any hunt took, {@code >budget} when one found nothing. */
    public String max() {
        if (found() < hunts.size()) {
            return ">" + c.hunt().budget();
        }
        return Integer.toString(hunts.stream().mapToInt(Integer::intValue).max().orElse(0));
    }

    /** The shrunk counterexample's CPUs and injections, with the first counterexample's: {@code 2 CPUs, 0 inj (from 8, 0)}. */
    public String shrunkSize() {
        if (shrunk == null || first == null) {
            return "-";
        }
        Scenario from = first.scenario();
        Scenario to = shrunk.result().scenario();
        return "%d CPUs, %d inj (from %d, %d)".formatted(to.host().cpus(), to.host().interrupts().injections().size(),
                from.host().cpus(), from.host().interrupts().injections().size());
    }

    /**
     * Whether the median hunt found it within the budget (issue 15's measure: a hunt that found nothing counts as more
     * than the budget, so more than half of the hunts must find it).
     */
    public boolean medianWithinBudget() {
        return !median().startsWith(">");
    }

    /** Whether everything the corpus claims of the case held. */
    public boolean holds() {
        return atSeed.holds() && medianWithinBudget() && fixedClean == fixedSeeds
                && (fixedHunt == null || !fixedHunt.found());
    }

    /** Every claim that did not hold, one sentence each. */
    public List<String> failures() {
        List<String> out = new java.util.ArrayList<>();
        if (!atSeed.holds()) {
            out.add("at the documented seed " + dev.quiesce.seed.Seed.format(c.seed()) + ": " + atSeed.describe()
                    + " (find a seed: quiesce history run " + c.id() + " --find-seed)");
        }
        if (!medianWithinBudget()) {
            out.add("the median hunt did not find it: %d of %d hunts of %d executions did".formatted(found(),
                    hunts.size(), c.hunt().budget()));
        }
        if (fixedClean < fixedSeeds) {
            out.add("the fixed variant was not clean at seed " + dev.quiesce.seed.Seed.format(fixedDirty));
        }
        if (fixedHunt != null && fixedHunt.found()) {
            out.add("the hunt of the fixed variant found " + fixedHunt.violation() + "; replay: "
                    + fixedHunt.scenario().replayLine());
        }
        return out;
    }
}
