package dev.quiesce.hunt;

import java.util.List;

/**
 * One candidate of a hunt: the {@code --set} overrides it adds to the hunted scenario's, and a one-line note
 * saying what it varied.
 *
 * @param index the candidate's index (0-based; the hunt reports executions as {@code index + 1})
 * @param sets  overrides applied after the scenario's own sets (a seed, injections)
 * @param note  what was chosen, for the report
 */
public record Candidate(int index, List<String> sets, String note) {

    public Candidate {
        sets = List.copyOf(sets);
    }
}
