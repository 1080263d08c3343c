package dev.quiesce.history;

import dev.quiesce.hunt.OracleTarget;
import dev.quiesce.hunt.Overrides;

import java.util.ArrayList;
import java.util.List;

/**
 * One case of the history corpus: a real bug's scenario file (runnable as the buggy variant) and its validated
 * {@code history} block — provenance, the oracle that catches it, the documented seed, the overrides that make the
 * fixed variant and how to hunt it (docs/history.md).
 *
 * @param id         the case id, the file's name without {@code .conf} ({@code xen-abort-skips-nmi-unmask})
 * @param source     what {@code ScenarioLoader.load} and replay lines name: the file's path, or
 *                   {@code history/<id>} for a case found on the class path
 * @param origin     where it was read from, for messages ({@code scenarios/history/x.conf})
 * @param project    the project the bug lived in ({@code Xen}, {@code Linux})
 * @param commit     the commit id (12 to 40 hex digits)
 * @param role       whether {@link #commit} is the {@code fix} or the commit that introduced the {@code bug}
 * @param date       the commit's date ({@code 2016-05} or {@code 2016-05-12})
 * @param title      the commit's title
 * @param story      the interleaving, in a few lines
 * @param simplifies what the model simplifies
 * @param oracle     the oracle that catches the buggy variant
 * @param seed       the documented seed: the buggy variant violates {@link #oracle} with it
 * @param fixed      the {@code --set} overrides that turn the buggy scenario into the fixed one
 * @param hunt       how {@code quiesce history run} hunts the buggy variant
 * @param companion  related commits, one line each ({@code 3ea1704a9296 x86/alternatives: …})
 */
public record HistoryCase(String id, String source, String origin, String project, String commit, String role,
                          String date, String title, String story, String simplifies, OracleTarget oracle, long seed,
                          List<String> fixed, HuntPlan hunt, List<String> companion) {

    public HistoryCase {
        fixed = List.copyOf(fixed);
        companion = List.copyOf(companion);
    }

    /**
     * How a case is hunted: the strategy ({@code random}, {@code pct}, {@code targeted}), the budget of executions and
     * extra {@code --set} overrides of the hunt.
     *
     * @param strategy the hunt strategy's command-line name
     * @param budget   executions at most per hunt
     * @param sets     overrides added for the hunt, in order
     */
    public record HuntPlan(dev.quiesce.hunt.Strategy strategy, int budget, List<String> sets) {

        public HuntPlan {
            sets = List.copyOf(sets);
        }
    }

    /** The buggy variant's overrides at {@code seed}. */
    public List<String> buggySets(long runSeed) {
        return Overrides.with(new ArrayList<>(), "seed", Overrides.seedValue(runSeed));
    }

    /** The fixed variant's overrides at {@code seed}. */
    public List<String> fixedSets(long runSeed) {
        return Overrides.with(new ArrayList<>(fixed), "seed", Overrides.seedValue(runSeed));
    }

    /** The commit's first 12 hex digits, as tables show it. */
    public String shortCommit() {
        return commit.length() > 12 ? commit.substring(0, 12) : commit;
    }
}
