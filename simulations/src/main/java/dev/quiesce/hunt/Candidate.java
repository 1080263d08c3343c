package dev.quiesce.hunt;

import java.util.List;

/**
 * One candidate of a hunt: the {@code --set} overrides it adds to the hunted scenario's, and a one-line note
 * saying what it varied.
 *
 * @param index the candidate's index (0-based; the hunt reports executions as {@code index + 1})
 * @param sets  overrides applied after the scenario's own sets (a seed, injections)
 * @param note  what was chosen, for the report
 * @param injections when the candidate only sets {@code host.interrupts.injections}: the injections that set
 *                   holds, so a hunt can make its scenario without parsing the set again; else empty
 */
public record Candidate(int index, List<String> sets, String note,
                        java.util.Optional<List<dev.quiesce.host.InterruptSettings.Injection>> injections) {

    public Candidate {
        sets = List.copyOf(sets);
        injections = injections.map(List::copyOf);
    }

    /** A candidate known only by its sets. */
    public Candidate(int index, List<String> sets, String note) {
        this(index, sets, note, java.util.Optional.empty());
    }
}
